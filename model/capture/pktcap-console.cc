/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "pktcap-console.h"

#include "ns3/log.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <sstream>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PktcapConsole");

namespace
{
constexpr int64_t kUsPerDay = 86400LL * 1000000LL;
constexpr std::size_t kRowBytes = 16;
} // namespace

PktcapConsole::PktcapConsole()
    : m_base(Seconds(0))
{
    NS_LOG_FUNCTION(this);
}

void
PktcapConsole::SetBaseTime(Time base)
{
    NS_LOG_FUNCTION(this << base);
    m_base = base;
}

Time
PktcapConsole::GetBaseTime() const
{
    return m_base;
}

void
PktcapConsole::SetSessionNumbers(uint16_t serverPort, uint16_t vsockPort, uint32_t sessionId)
{
    NS_LOG_FUNCTION(this << serverPort << vsockPort << sessionId);
    m_serverPort = serverPort;
    m_vsockPort = vsockPort;
    m_sessionId = sessionId;
}

std::string
PktcapConsole::Banner(const PktcapOptions& options) const
{
    NS_LOG_FUNCTION(this << options.ToString());
    std::ostringstream os;
    char hex[16];
    switch (options.GetTarget())
    {
    case PktcapOptions::Target::Uplink:
        os << "The name of the uplink is " << options.GetUplink() << '\n';
        break;
    case PktcapOptions::Target::SwitchPort:
        std::snprintf(hex, sizeof(hex), "0x%08" PRIx32, options.GetSwitchPort());
        os << "The switch port id is " << hex << '\n';
        break;
    case PktcapOptions::Target::Vmk:
        os << "The name of the vmk is " << options.GetVmk() << '\n';
        break;
    case PktcapOptions::Target::None:
        break;
    }
    if (options.IsDirGiven())
    {
        os << "The dir is " << PktcapDirName(options.GetDir()) << '\n';
    }
    if (options.GetCount())
    {
        os << "To capture " << *options.GetCount() << " packets\n";
    }
    if (options.IsSnaplenGiven())
    {
        os << "The snapshot length is " << options.GetSnaplen() << '\n';
    }

    const PktcapOptions::FilterSpec& f = options.GetFilter();
    const char* filter = "The session filter ";
    if (f.etherType)
    {
        std::snprintf(hex, sizeof(hex), "0x%04x", static_cast<unsigned>(*f.etherType));
        os << filter << "ethertype is " << hex << '\n';
    }
    if (f.srcMac)
    {
        os << filter << "source MAC is " << *f.srcMac << '\n';
    }
    if (f.dstMac)
    {
        os << filter << "destination MAC is " << *f.dstMac << '\n';
    }
    if (f.mac)
    {
        os << filter << "MAC is " << *f.mac << '\n';
    }
    if (f.srcIp)
    {
        os << filter << "source IP is " << *f.srcIp << '\n';
    }
    if (f.dstIp)
    {
        os << filter << "destination IP is " << *f.dstIp << '\n';
    }
    if (f.ip)
    {
        os << filter << "IP is " << *f.ip << '\n';
    }
    if (f.ipProto)
    {
        std::snprintf(hex, sizeof(hex), "0x%02x", static_cast<unsigned>(*f.ipProto));
        os << filter << "IP protocol is " << hex << '\n';
    }
    if (f.vlan)
    {
        os << filter << "VLAN ID is " << *f.vlan << '\n';
    }
    if (f.srcPort)
    {
        os << filter << "source port is " << *f.srcPort << '\n';
    }
    if (f.dstPort)
    {
        os << filter << "destination port is " << *f.dstPort << '\n';
    }
    if (f.tcpPort)
    {
        os << filter << "TCP port is " << *f.tcpPort << '\n';
    }
    if (f.vxlan)
    {
        os << filter << "VXLAN ID is " << *f.vxlan << '\n';
    }

    if (options.HasCapturePoints())
    {
        os << "The session capture point is ";
        bool first = true;
        for (CapturePoint p : options.GetCapturePoints())
        {
            os << (first ? "" : ",") << CapturePointName(p);
            first = false;
        }
        os << '\n';
    }
    if (!options.GetOutFile().empty())
    {
        os << "The output file is " << options.GetOutFile() << '\n';
        if (options.IsPcapng())
        {
            os << "The output file format is pcapng\n";
        }
    }
    os << "No server port specifed, select " << m_serverPort << " as the port\n";
    if (options.GetOutFile().empty())
    {
        os << "Output the packet info to console.\n";
    }
    os << "Local CID " << kLocalCid << '\n'
       << "Listen on port " << m_serverPort << '\n'
       << "Accept...Vsock connection from port " << m_vsockPort << " cid " << kLocalCid << '\n';
    return os.str();
}

void
PktcapConsole::FormatFrame(std::ostream& os,
                           Time t,
                           uint64_t index,
                           CapturePoint point,
                           uint16_t vlan,
                           DropReason reason,
                           const std::vector<uint8_t>& bytes,
                           uint32_t length) const
{
    os << FormatTime(t) << '[' << index << "] Captured at " << CapturePointName(point)
       << " point, ";
    if (point == CapturePoint::Drop)
    {
        os << "Drop Reason '" << DropReasonToString(reason) << "', ";
    }
    os << "TSO not enabled, Checksum not offloaded and not verified, ";
    if (vlan != 0)
    {
        os << "VLAN tag " << vlan << ", ";
    }
    os << "length " << length << ".\n"
       << "Segment[0] ---- " << bytes.size() << " bytes:\n";
    HexDump(os, bytes.data(), bytes.size());
}

void
PktcapConsole::FormatFrame(std::ostream& os,
                           Time t,
                           uint64_t index,
                           const CaptureContext& where,
                           const std::vector<uint8_t>& bytes,
                           uint32_t length) const
{
    FormatFrame(os, t, index, where.point, where.vlan, where.reason, bytes, length);
}

std::string
PktcapConsole::Trailer(const PktcapOptions& options, uint64_t dumped, uint64_t dropped) const
{
    std::ostringstream os;
    os << "Dump thread exiting...\n"
       << "Destroying session " << m_sessionId << '\n'
       << "Dumped " << dumped << " packet to ";
    if (options.GetOutFile().empty())
    {
        os << "console";
    }
    else
    {
        os << "file " << options.GetOutFile();
    }
    os << ", dropped " << dropped << " packets.\n"
       << "Done.\n";
    return os.str();
}

std::string
PktcapConsole::FormatTime(Time t) const
{
    int64_t us = (m_base + t).GetMicroSeconds();
    us = us < 0 ? 0 : us % kUsPerDay;
    char text[64];
    std::snprintf(text,
                  sizeof(text),
                  "%02d:%02d:%02d.%06d",
                  static_cast<int>(us / 3600000000LL),
                  static_cast<int>(us / 60000000LL % 60),
                  static_cast<int>(us / 1000000LL % 60),
                  static_cast<int>(us % 1000000LL));
    return text;
}

void
PktcapConsole::HexDump(std::ostream& os, const uint8_t* data, std::size_t len)
{
    char row[8 + kRowBytes * 3 + 8];
    for (std::size_t start = 0; start < len; start += kRowBytes)
    {
        int n = std::snprintf(row, sizeof(row), "0x%04zx:", start);
        const std::size_t end = std::min(len, start + kRowBytes);
        for (std::size_t i = start; i < end; i += 2)
        {
            if (i + 1 < end)
            {
                n += std::snprintf(row + n, sizeof(row) - n, " %02x%02x", data[i], data[i + 1]);
            }
            else
            {
                n += std::snprintf(row + n, sizeof(row) - n, " %02x", data[i]);
            }
        }
        os.write(row, n);
        os.put('\n');
    }
}

} // namespace ns3
