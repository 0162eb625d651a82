/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "test-util.h"

#include "ns3/internet-apps-module.h"
#include "ns3/iputils-ping-helper.h"
#include "ns3/traffic-control-module.h"

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

using namespace ns3;

namespace vswitchtest
{

namespace
{

/**
 * Turns on ns-3's packet metadata before the first test runs. ASCII tracing needs it, and a
 * debug build of ns-3 asserts when it is enabled after packets were created, which happens when
 * all suites run in one process (the binary run by hand, or ns-3's in-tree build) rather than
 * one test per process under CTest.
 */
class PacketPrintingEnvironment : public ::testing::Environment
{
  public:
    void SetUp() override
    {
        Packet::EnablePrinting();
    }
};

const ::testing::Environment* const g_packetPrinting =
    ::testing::AddGlobalTestEnvironment(new PacketPrintingEnvironment);

} // namespace

void
SimulationTest::TearDown()
{
    Simulator::Destroy();
}

std::string
SimulationTest::OutputDir() const
{
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::filesystem::path dir = std::filesystem::path(VSWITCH_BINARY_DIR) / "test-output" /
                                (std::string(info->test_suite_name()) + "." + info->name());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}

std::vector<uint8_t>
BytesOf(Ptr<const Packet> p)
{
    std::vector<uint8_t> b(p->GetSize());
    p->CopyData(b.data(), b.size());
    return b;
}

bool
WriteEthernetPcap(const std::string& file, const std::vector<std::vector<uint8_t>>& frames)
{
    PcapFile pcap;
    pcap.Open(file, std::ios::out);
    if (pcap.Fail())
    {
        return false;
    }
    pcap.Init(PcapHelper::DLT_EN10MB);
    uint32_t second = 1;
    for (const auto& f : frames)
    {
        pcap.Write(second++, 0, f.data(), f.size());
    }
    pcap.Close();
    return !pcap.Fail();
}

std::vector<PcapRecord>
ReadPcap(const std::string& file, uint32_t* linkType)
{
    std::vector<PcapRecord> records;
    PcapFile pcap;
    pcap.Open(file, std::ios::in);
    EXPECT_FALSE(pcap.Fail()) << "cannot open pcap " << file;
    if (pcap.Fail())
    {
        return records;
    }
    if (linkType)
    {
        *linkType = pcap.GetDataLinkType();
    }
    std::vector<uint8_t> buf(65536);
    while (true)
    {
        uint32_t sec = 0;
        uint32_t usec = 0;
        uint32_t incl = 0;
        uint32_t orig = 0;
        uint32_t read = 0;
        pcap.Read(buf.data(), buf.size(), sec, usec, incl, orig, read);
        if (pcap.Eof() || pcap.Fail())
        {
            break;
        }
        PcapRecord r;
        r.time = sec + usec * 1e-6;
        r.data.assign(buf.begin(), buf.begin() + read);
        records.push_back(std::move(r));
    }
    pcap.Close();
    return records;
}

bool
HaveTshark()
{
    return std::system("tshark --version > /dev/null 2>&1") == 0;
}

std::vector<std::string>
Tshark(const std::string& file, const std::string& args)
{
    // tshark's stderr (e.g. its warning about running as root) is not part of the output.
    std::string cmd = "tshark -r '" + file + "' " + args + " 2>/dev/null";
    std::vector<std::string> lines;
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    EXPECT_TRUE(pipe) << "cannot run " << cmd;
    if (!pipe)
    {
        return lines;
    }
    std::array<char, 4096> buf;
    std::string line;
    while (fgets(buf.data(), buf.size(), pipe.get()))
    {
        line = buf.data();
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
        {
            line.pop_back();
        }
        lines.push_back(line);
    }
    return lines;
}

FrameCounter::FrameCounter(Ptr<NetDevice> device, const std::string& trace)
{
    bool ok = device->TraceConnectWithoutContext(trace, MakeCallback(&FrameCounter::Sink, this));
    EXPECT_TRUE(ok) << "no trace source " << trace;
}

void
FrameCounter::Sink(Ptr<const Packet> frame)
{
    EthernetVlanHeader h;
    frame->PeekHeader(h);
    m_headers.push_back(h);
}

uint32_t
FrameCounter::Count(uint16_t etherType) const
{
    uint32_t n = 0;
    for (const auto& h : m_headers)
    {
        n += (etherType == 0 || h.GetEtherType() == etherType) ? 1 : 0;
    }
    return n;
}

uint32_t
FrameCounter::CountTo(Mac48Address mac) const
{
    uint32_t n = 0;
    for (const auto& h : m_headers)
    {
        n += h.GetDestination() == mac ? 1 : 0;
    }
    return n;
}

uint32_t
FrameCounter::CountFrom(Mac48Address mac) const
{
    uint32_t n = 0;
    for (const auto& h : m_headers)
    {
        n += h.GetSource() == mac ? 1 : 0;
    }
    return n;
}

PingCounter::PingCounter(Ptr<Node> from, Ipv4Address to, Time start, Time stop, Time interval)
{
    IputilsPingHelper ping(to);
    ping.SetAttribute("Interval", TimeValue(interval));
    ApplicationContainer apps = ping.Install(from);
    apps.Start(start);
    apps.Stop(stop);
    apps.Get(0)->TraceConnectWithoutContext("Rtt", MakeCallback(&PingCounter::Rtt, this));
}

void
PingCounter::Rtt(uint16_t, Time)
{
    ++m_replies;
}

Ipv4Address
AddIp(Ptr<NetDevice> device, const std::string& addressWithPrefix)
{
    Ptr<Node> node = device->GetNode();
    if (!node->GetObject<Ipv4>())
    {
        InternetStackHelper stack;
        stack.Install(node);
    }
    auto slash = addressWithPrefix.find('/');
    std::string addr = addressWithPrefix.substr(0, slash);
    uint32_t prefix = std::stoul(addressWithPrefix.substr(slash + 1));
    Ptr<Ipv4> ipv4 = node->GetObject<Ipv4>();
    int32_t interface = ipv4->GetInterfaceForDevice(device);
    if (interface < 0)
    {
        interface = ipv4->AddInterface(device);
    }
    Ipv4InterfaceAddress ifAddr(Ipv4Address(addr.c_str()),
                                Ipv4Mask(("/" + std::to_string(prefix)).c_str()));
    ipv4->AddAddress(interface, ifAddr);
    ipv4->SetMetric(interface, 1);
    ipv4->SetUp(interface);
    // As Ipv4AddressHelper::Assign does: a default queue disc, so that the device's
    // NetDeviceQueueInterface gives back-pressure to the stack.
    Ptr<TrafficControlLayer> tc = node->GetObject<TrafficControlLayer>();
    if (tc && !tc->GetRootQueueDiscOnDevice(device) && device->GetObject<NetDeviceQueueInterface>())
    {
        TrafficControlHelper::Default().Install(device);
    }
    return Ipv4Address(addr.c_str());
}

void
SendRaw(Ptr<NetDevice> from, Mac48Address to, uint32_t payload)
{
    from->Send(Create<Packet>(payload), to, 0x88b5);
}

void
SendIpv4(Ptr<NetDevice> from,
         Mac48Address to,
         const std::string& srcIp,
         const std::string& dstIp,
         uint32_t payload)
{
    Ptr<Packet> p = Create<Packet>(payload);
    Ipv4Header ip;
    ip.SetSource(Ipv4Address(srcIp.c_str()));
    ip.SetDestination(Ipv4Address(dstIp.c_str()));
    ip.SetProtocol(17);
    ip.SetPayloadSize(payload);
    ip.SetTtl(64);
    p->AddHeader(ip);
    from->Send(p, to, 0x0800);
}

std::string
Slurp(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

std::string
Scratch(const std::string& area, const std::string& name)
{
    std::filesystem::path dir = std::filesystem::path(VSWITCH_BINARY_DIR) / area / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir.string();
}

std::vector<std::string>
Lines(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream is(text);
    std::string line;
    while (std::getline(is, line))
    {
        out.push_back(line);
    }
    return out;
}

std::string
MacText(ns3::Mac48Address mac)
{
    std::ostringstream os;
    os << mac;
    return os.str();
}

} // namespace vswitchtest
