/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Shared pieces of the vswitch GoogleTest suites.
 */
#ifndef VSWITCH_TEST_UTIL_H
#define VSWITCH_TEST_UTIL_H

#include "ns3/config-error.h"
#include "ns3/core-module.h"
#include "ns3/ethernet-helper.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"

#include <cstdint>
#include <gtest/gtest.h>
#include <string>
#include <vector>

namespace vswitchtest
{

/**
 * Every test builds its own simulation; TearDown destroys it so nothing leaks into the
 * next test.
 */
class SimulationTest : public ::testing::Test
{
  protected:
    void TearDown() override;

    /// \return a fresh folder for this test's output files (pcaps, traces); each call empties it
    std::string OutputDir() const;
};

/// One frame read back from a pcap file.
struct PcapRecord
{
    double time;               //!< timestamp, seconds
    std::vector<uint8_t> data; //!< captured bytes
};

/// Read every frame of a pcap file (ns-3's own reader); fails the test when unreadable.
std::vector<PcapRecord> ReadPcap(const std::string& file, uint32_t* linkType = nullptr);

/// The bytes of a packet, headers included.
std::vector<uint8_t> BytesOf(ns3::Ptr<const ns3::Packet> p);

/// Write Ethernet frames to a pcap file, one a second (for a look with Wireshark); false when
/// the file cannot be written.
bool WriteEthernetPcap(const std::string& file, const std::vector<std::vector<uint8_t>>& frames);

/**
 * Run tshark on a file and return its output lines.
 * \param args the arguments after `tshark -r FILE`
 */
std::vector<std::string> Tshark(const std::string& file, const std::string& args);

/// \return whether tshark can be run
bool HaveTshark();

/// Count frames of a given EtherType sent or received by a device (hooks PromiscSniffer).
class FrameCounter : public ns3::SimpleRefCount<FrameCounter>
{
  public:
    /**
     * \param device device to watch
     * \param trace trace source to hook ("PromiscSniffer", "MacRx", "PhyTxBegin", ...)
     */
    FrameCounter(ns3::Ptr<ns3::NetDevice> device, const std::string& trace);

    /// Frames seen with this EtherType (0 = any) and, optionally, this destination.
    uint32_t Count(uint16_t etherType = 0) const;
    /// Frames seen whose destination is mac.
    uint32_t CountTo(ns3::Mac48Address mac) const;
    /// Frames seen whose source is mac.
    uint32_t CountFrom(ns3::Mac48Address mac) const;

    /// Every header seen.
    const std::vector<ns3::EthernetVlanHeader>& Headers() const
    {
        return m_headers;
    }

  private:
    void Sink(ns3::Ptr<const ns3::Packet> frame);
    std::vector<ns3::EthernetVlanHeader> m_headers;
};

/// Replies received by an IputilsPing application.
class PingCounter : public ns3::SimpleRefCount<PingCounter>
{
  public:
    /// Install a pinger on a node.
    PingCounter(ns3::Ptr<ns3::Node> from,
                ns3::Ipv4Address to,
                ns3::Time start,
                ns3::Time stop,
                ns3::Time interval = ns3::Seconds(1));

    /// \return replies received
    uint32_t Replies() const
    {
        return m_replies;
    }

  private:
    void Rtt(uint16_t seq, ns3::Time rtt);
    uint32_t m_replies{0};
};

/// Give a node an IPv4 address on one of its devices (installs the stack when missing).
ns3::Ipv4Address AddIp(ns3::Ptr<ns3::NetDevice> device, const std::string& addressWithPrefix);

/// Send a raw frame (EtherType 0x88b5, local experimental) of a given payload size.
void SendRaw(ns3::Ptr<ns3::NetDevice> from, ns3::Mac48Address to, uint32_t payload = 100);

/// Send an IPv4 packet with the given addresses as a frame to a MAC, without an IP stack.
void SendIpv4(ns3::Ptr<ns3::NetDevice> from,
              ns3::Mac48Address to,
              const std::string& srcIp,
              const std::string& dstIp,
              uint32_t payload = 100);

/// Count the elements of v equal to x.
template <typename T>
std::size_t
CountOf(const std::vector<T>& v, const T& x)
{
    std::size_t n = 0;
    for (const auto& e : v)
    {
        n += (e == x) ? 1 : 0;
    }
    return n;
}

/// The whole content of a file ("" when it cannot be read).
std::string Slurp(const std::string& path);

/// A fresh, empty scratch folder `<build>/<area>/<name>` for a test's files.
std::string Scratch(const std::string& area, const std::string& name);

/// Lines of a text.
std::vector<std::string> Lines(const std::string& text);

/// A MAC as ns-3 prints it (aa:bb:cc:dd:ee:ff).
std::string MacText(ns3::Mac48Address mac);

/// The text of a ConfigError thrown by f ("" when none was thrown).
template <typename F>
std::string
ErrorOf(F f)
{
    try
    {
        f();
    }
    catch (const ns3::ConfigError& e)
    {
        return e.what();
    }
    return "";
}

} // namespace vswitchtest

#endif /* VSWITCH_TEST_UTIL_H */
