/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Spec section 8 end to end: pktcap-uw sessions (PktcapHelper) on simulated ESXi hosts with
 * live traffic, the files and console output they write, and the host's inspection views
 * (net-stats -l, esxtop, esxcli network vm port list, GetPortViews). Each test is named
 * after the rule it holds.
 */
#include "vswitch-lab.h"

#include "ns3/applications-module.h"
#include "ns3/pktcap-helper.h"

#include <algorithm>
#include <cinttypes>
#include <cmath>
#include <cstdio>
#include <functional>
#include <regex>
#include <sstream>

using namespace ns3;
using namespace vswitchtest;

namespace
{

/// The seed's VM port: 50331657 = 0x03000009 (portset 3, port 9).
constexpr uint32_t kSeedPort = 50331657;

// ---------------------------------------------------------------------------------------
// Frames read back from capture files, decoded by the test itself

/// What the tests look at in a captured frame.
struct Decoded
{
    Mac48Address dst;      //!< destination MAC
    Mac48Address src;      //!< source MAC
    bool tagged{false};    //!< has an 802.1Q tag
    uint16_t vlan{0};      //!< its VLAN ID
    uint16_t etherType{0}; //!< EtherType after the tag
    bool ipv4{false};      //!< IPv4 header present
    Ipv4Address srcIp;     //!< IPv4 source
    Ipv4Address dstIp;     //!< IPv4 destination
    uint8_t proto{0};      //!< IPv4 protocol
    bool ports{false};     //!< TCP or UDP ports present (first fragment)
    uint16_t srcPort{0};   //!< TCP/UDP source port
    uint16_t dstPort{0};   //!< TCP/UDP destination port
};

uint16_t
Be16(const std::vector<uint8_t>& b, std::size_t at)
{
    return static_cast<uint16_t>((b[at] << 8) | b[at + 1]);
}

uint32_t
Be32(const std::vector<uint8_t>& b, std::size_t at)
{
    return (uint32_t(b[at]) << 24) | (uint32_t(b[at + 1]) << 16) | (uint32_t(b[at + 2]) << 8) |
           uint32_t(b[at + 3]);
}

Decoded
Decode(const std::vector<uint8_t>& b)
{
    Decoded d;
    if (b.size() < 14)
    {
        ADD_FAILURE() << "runt frame of " << b.size() << " bytes";
        return d;
    }
    d.dst.CopyFrom(&b[0]);
    d.src.CopyFrom(&b[6]);
    std::size_t off = 12;
    uint16_t type = Be16(b, off);
    if (type == 0x8100 && b.size() >= 18)
    {
        d.tagged = true;
        d.vlan = Be16(b, 14) & 0x0fff;
        off = 16;
        type = Be16(b, off);
    }
    d.etherType = type;
    off += 2;
    if (type == 0x0800 && b.size() >= off + 20)
    {
        std::size_t ihl = (b[off] & 0x0f) * 4u;
        d.ipv4 = true;
        d.proto = b[off + 9];
        d.srcIp = Ipv4Address(Be32(b, off + 12));
        d.dstIp = Ipv4Address(Be32(b, off + 16));
        bool first = (Be16(b, off + 6) & 0x1fff) == 0;
        if ((d.proto == 6 || d.proto == 17) && first && b.size() >= off + ihl + 4)
        {
            d.ports = true;
            d.srcPort = Be16(b, off + ihl);
            d.dstPort = Be16(b, off + ihl + 2);
        }
    }
    return d;
}

/// Frames of a capture with a given source MAC.
std::size_t
CountFrom(const std::vector<PcapRecord>& records, Mac48Address mac)
{
    std::size_t n = 0;
    for (const auto& r : records)
    {
        n += Decode(r.data).src == mac ? 1 : 0;
    }
    return n;
}

/// Whitespace-separated words of a line.
std::vector<std::string>
Words(const std::string& line)
{
    std::vector<std::string> out;
    std::istringstream is(line);
    std::string w;
    while (is >> w)
    {
        out.push_back(w);
    }
    return out;
}

/// Lines of a console transcript that start a captured frame.
std::vector<std::string>
FrameLines(const std::string& text)
{
    std::vector<std::string> out;
    for (const auto& l : Lines(text))
    {
        if (l.find("] Captured at ") != std::string::npos)
        {
            out.push_back(l);
        }
    }
    return out;
}

/// Microseconds of day of a console time "HH:MM:SS.uuuuuu".
int64_t
ConsoleMicros(const std::string& line)
{
    int h = 0;
    int m = 0;
    int s = 0;
    int us = 0;
    EXPECT_EQ(std::sscanf(line.c_str(), "%d:%d:%d.%d", &h, &m, &s, &us), 4) << line;
    return ((h * 60LL + m) * 60 + s) * 1000000LL + us;
}

void
CutCable(Ptr<EsxiHost> host, std::string nic)
{
    EthernetHelper::GetChannel(host->GetNic(nic))->SetConnected(false);
}

/// A host with vSwitch0 (VLAN 100 port group "PG"), the seed's VM vm1 on it, and sessions.
class PktcapTest : public SimulationTest
{
  protected:
    void SetUp() override
    {
        dir = OutputDir();
        h1 = lab.Host("esxi01");
        h1->AddPortGroup("PG", 100);
        vs = h1->GetVSwitch();
        pktcap.SetOutputDirectory(dir);
        pktcap.SetConsole(&console);
    }

    /// The seed's VM: vm1 at port 50331657, MAC 00:50:56:9d:fd:b1, 192.168.100.12.
    Ptr<Node> SeedVm()
    {
        Ptr<Node> vm = CreateObject<Node>();
        h1->SetVmName(vm, "vm1");
        AddIp(h1->AddVm(vm, "PG", Mac48Address("00:50:56:9d:fd:b1"), kSeedPort),
              "192.168.100.12/24");
        return vm;
    }

    /// The uplink a VM is teamed to.
    std::string Pinned(Ptr<Node> vm) const
    {
        return h1->GetVmPort(vm)->GetTeamUplink();
    }

    /// The other one of the two uplinks.
    std::string Other(Ptr<Node> vm) const
    {
        return Pinned(vm) == "vmnic0" ? "vmnic1" : "vmnic0";
    }

    /// Run to a time, then stop every session (files closed, trailers printed).
    void RunUntil(double seconds)
    {
        Simulator::Stop(Seconds(seconds));
        Simulator::Run();
        pktcap.StopAll();
    }

    /// The records of a pcap file of this test's folder.
    std::vector<PcapRecord> Read(const std::string& name) const
    {
        return ReadPcap(dir + "/" + name);
    }

    Lab lab;
    Ptr<EsxiHost> h1;
    Ptr<VSwitch> vs;
    PktcapHelper pktcap;
    std::ostringstream console;
    std::string dir;
};

} // namespace

// =========================================================================================
// Where and in which direction: --dir and the default capture point

TEST_F(PktcapTest, Dir_UplinkWithoutDirCapturesOnlyWhatTheUplinkReceives)
{
    auto vm = SeedVm();
    auto ext = lab.External(100, "192.168.100.11/24");
    std::string up = Pinned(vm);
    pktcap.Capture(h1, "--uplink " + up + " --proto 0x01 -o in.pcap");
    pktcap.Capture(h1, "--uplink " + up + " --dir 1 --proto 0x01 -o out.pcap");
    pktcap.Capture(h1, "--uplink " + up + " --dir 2 --proto 0x01 -o both.pcap");
    pktcap.Capture(h1, "--uplink " + up + " --dir inputAndOutput --proto 0x01 -o both2.pcap");
    pktcap.Capture(h1, "--uplink " + Other(vm) + " --dir 2 --proto 0x01 -o other.pcap");
    auto ping = Create<PingCounter>(vm, Ipv4Address("192.168.100.11"), Seconds(1), Seconds(5.5));
    RunUntil(6);
    ASSERT_EQ(ping->Replies(), 5u);
    Mac48Address vmMac = Lab::MacOf(vm);
    Mac48Address extMac = Lab::MacOf(ext);

    auto in = Read("in.pcap");
    EXPECT_EQ(in.size(), 5u) << "the default --dir 0 is input only: the 5 replies";
    EXPECT_EQ(CountFrom(in, extMac), in.size()) << "a frame the uplink sent was captured";
    auto out = Read("out.pcap");
    EXPECT_EQ(out.size(), 5u);
    EXPECT_EQ(CountFrom(out, vmMac), out.size()) << "--dir 1 captured a received frame";
    auto both = Read("both.pcap");
    ASSERT_EQ(both.size(), 10u);
    EXPECT_EQ(CountFrom(both, vmMac), 5u);
    EXPECT_EQ(CountFrom(both, extMac), 5u);
    for (std::size_t i = 0; i < both.size(); ++i)
    {
        // In time order: each request before its reply.
        EXPECT_EQ(Decode(both[i].data).src, i % 2 == 0 ? vmMac : extMac) << "frame " << i;
    }
    EXPECT_EQ(Read("both2.pcap").size(), 10u) << "--dir inputAndOutput is --dir 2";
    EXPECT_EQ(Read("other.pcap").size(), 0u) << "vm1's traffic crossed the uplink it is not on";
}

TEST_F(PktcapTest, Dir_Seed3ArpRequestsOfTheBrokenVmShowOnlyWithDir2)
{
    // Seed 3: the switch port facing one uplink drops the broadcast it receives (storm control
    // at level 0). The VM pinned to that uplink cannot resolve ARP, the VM on the other
    // uplink is fine. A capture on each uplink without --dir
    // shows no ARP request from the broken VM; with --dir 2 they appear on its uplink, and
    // no reply on either.
    auto vm = SeedVm();
    auto vm2 = CreateObject<Node>();
    h1->SetVmName(vm2, "vm2");
    AddIp(h1->AddVm(vm2, "PG", Mac48Address(), kSeedPort + 1), "192.168.100.13/24");
    auto ext = lab.External(100, "192.168.100.11/24");
    std::string broken = Pinned(vm);
    ASSERT_EQ(Pinned(vm2), Other(vm)) << "the test needs the VMs on different uplinks";
    lab.sw->SetStormControl(lab.SwitchPortOf(h1, broken),
                            PhysicalSwitch::StormTraffic::Broadcast,
                            0);
    for (const std::string nic : {"vmnic0", "vmnic1"})
    {
        pktcap.Capture(h1, "--outfile " + nic + ".pcap --uplink " + nic + " --ethtype 0x0806");
        pktcap.Capture(h1,
                       "--outfile " + nic + "-dir2.pcap --dir 2 --uplink " + nic +
                           " --ethtype 0x0806");
    }
    auto ping = Create<PingCounter>(vm, Ipv4Address("192.168.100.11"), Seconds(1), Seconds(5.5));
    auto ping2 = Create<PingCounter>(vm2, Ipv4Address("192.168.100.11"), Seconds(1), Seconds(5.5));
    RunUntil(6);
    EXPECT_EQ(ping->Replies(), 0u);
    EXPECT_EQ(ping2->Replies(), 5u) << "the VM on the other uplink must be fine";
    Mac48Address vmMac = Lab::MacOf(vm);
    Mac48Address extMac = Lab::MacOf(ext);
    EXPECT_EQ(CountFrom(Read("vmnic0.pcap"), vmMac), 0u);
    EXPECT_EQ(CountFrom(Read("vmnic1.pcap"), vmMac), 0u);
    auto requests = Read(broken + "-dir2.pcap");
    EXPECT_GE(CountFrom(requests, vmMac), 3u) << "the ARP requests must appear with --dir 2";
    for (const auto& r : requests)
    {
        Decoded d = Decode(r.data);
        EXPECT_EQ(d.etherType, 0x0806);
        if (d.src == vmMac)
        {
            EXPECT_EQ(d.dst, Mac48Address::GetBroadcast());
        }
    }
    EXPECT_EQ(CountFrom(Read(Other(vm) + "-dir2.pcap"), vmMac), 0u);
    // ext answered vm2's requests only, and only through vm2's uplink.
    auto healthy = Read(Other(vm) + "-dir2.pcap");
    EXPECT_GT(CountFrom(healthy, extMac), 0u);
    for (const auto& r : healthy)
    {
        Decoded d = Decode(r.data);
        EXPECT_NE(d.dst, vmMac) << "a reply to the broken VM";
    }
    for (const auto& r : requests)
    {
        EXPECT_NE(Decode(r.data).dst, vmMac) << "a reply to the broken VM";
    }
}

TEST_F(PktcapTest, Dir_SwitchportDefaultsToPortInputAndFollowsDir)
{
    auto vm = SeedVm();
    auto ext = lab.External(100, "192.168.100.11/24");
    pktcap.CaptureVm(h1, vm, 0, "--proto 0x01 -o in.pcap");
    pktcap.Capture(h1, "--switchport 50331657 --dir 1 --proto 0x01 -o out.pcap");
    pktcap.Capture(h1, "--switchport 0x03000009 --dir 2 --proto 0x01 -o both.pcap");
    std::ostringstream text;
    pktcap.SetConsole(&text);
    auto s = pktcap.CaptureVm(h1, vm, 0, "--dir 2 --proto 0x01");
    EXPECT_EQ(s->GetTargetPortId(), kSeedPort);
    auto ping = Create<PingCounter>(vm, Ipv4Address("192.168.100.11"), Seconds(1), Seconds(5.5));
    RunUntil(6);
    ASSERT_EQ(ping->Replies(), 5u);
    Mac48Address vmMac = Lab::MacOf(vm);
    auto in = Read("in.pcap");
    EXPECT_EQ(in.size(), 5u);
    EXPECT_EQ(CountFrom(in, vmMac), in.size()) << "input at a switch port is what the VM sends";
    auto out = Read("out.pcap");
    EXPECT_EQ(out.size(), 5u);
    EXPECT_EQ(CountFrom(out, Lab::MacOf(ext)), out.size()) << "output is what the VM receives";
    EXPECT_EQ(Read("both.pcap").size(), 10u);

    auto lines = FrameLines(text.str());
    ASSERT_EQ(lines.size(), 10u);
    std::size_t input = 0;
    std::size_t output = 0;
    for (const auto& l : lines)
    {
        input += l.find("Captured at PortInput point,") != std::string::npos ? 1 : 0;
        output += l.find("Captured at PortOutput point,") != std::string::npos ? 1 : 0;
    }
    EXPECT_EQ(input, 5u);
    EXPECT_EQ(output, 5u);
}

TEST_F(PktcapTest, Points_UplinkInputIsCapturedAtEtherswitchDispatch)
{
    auto vm = SeedVm();
    auto ext = lab.External(100, "192.168.100.11/24");
    std::string up = Pinned(vm);
    std::ostringstream text;
    pktcap.SetConsole(&text);
    pktcap.Capture(h1, "--uplink " + up + " --proto 0x01");
    pktcap.Capture(h1, "--uplink " + up + " --proto 0x01 -o default.pcap");
    pktcap.Capture(h1, "--uplink " + up + " --proto 0x01 --capture UplinkRcv -o rcv.pcap");
    pktcap.Capture(h1, "--uplink " + up + " --proto 0x01 --capture UplinkSnd -o snd.pcap");
    auto ping = Create<PingCounter>(ext, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(3.5));
    RunUntil(4);
    ASSERT_EQ(ping->Replies(), 3u);
    auto def = Read("default.pcap");
    auto rcv = Read("rcv.pcap");
    ASSERT_EQ(def.size(), 3u);
    EXPECT_EQ(CountFrom(def, Lab::MacOf(ext)), 3u) << "the echo requests the uplink received";
    ASSERT_EQ(rcv.size(), def.size());
    for (std::size_t i = 0; i < def.size(); ++i)
    {
        EXPECT_EQ(def[i].data, rcv[i].data) << "UplinkRcv and EtherswitchDispatch differ";
        EXPECT_DOUBLE_EQ(def[i].time, rcv[i].time);
    }
    EXPECT_EQ(CountFrom(Read("snd.pcap"), Lab::MacOf(vm)), 3u) << "the replies it sent";
    auto lines = FrameLines(text.str());
    ASSERT_EQ(lines.size(), 3u);
    for (const auto& l : lines)
    {
        EXPECT_NE(l.find("Captured at EtherswitchDispath point, "), std::string::npos) << l;
    }
}

TEST_F(PktcapTest, Points_CaptureAcceptsAliasesAndCommaLists)
{
    auto vm = SeedVm();
    auto ext = lab.External(100, "192.168.100.11/24");
    pktcap.CaptureVm(h1, vm, 0, "--proto 0x01 --capture EtherswitchDispath -o dispath.pcap");
    pktcap.CaptureVm(h1, vm, 0, "--proto 0x01 --capture EtherswitchDispatch -o dispatch.pcap");
    pktcap.CaptureVm(h1, vm, 0, "--proto 0x01 --capture VnicRx -o vnicrx.pcap");
    pktcap.CaptureVm(h1, vm, 0, "--proto 0x01 --capture Vmxnet3Rx -o vmxnet3rx.pcap");
    pktcap.CaptureVm(h1, vm, 0, "--proto 0x01 --capture VnicTx -o vnictx.pcap");
    pktcap.CaptureVm(h1, vm, 0, "--proto 0x01 --capture Vmxnet3Tx -o vmxnet3tx.pcap");
    pktcap.CaptureVm(h1, vm, 0, "--proto 0x01 --capture VnicTx,VnicRx -o list.pcap");
    std::ostringstream text;
    pktcap.SetConsole(&text);
    pktcap.CaptureVm(h1, vm, 0, "--proto 0x01 --capture Vmxnet3Rx,EtherswitchDispatch");
    auto ping = Create<PingCounter>(ext, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(4.5));
    RunUntil(5);
    ASSERT_EQ(ping->Replies(), 4u);
    Mac48Address vmMac = Lab::MacOf(vm);
    Mac48Address extMac = Lab::MacOf(ext);

    auto dispath = Read("dispath.pcap");
    EXPECT_EQ(dispath.size(), 4u);
    EXPECT_EQ(CountFrom(dispath, vmMac), 4u) << "the port's frames entering the switching core";
    auto dispatch = Read("dispatch.pcap");
    ASSERT_EQ(dispatch.size(), dispath.size());
    for (std::size_t i = 0; i < dispath.size(); ++i)
    {
        EXPECT_EQ(dispatch[i].data, dispath[i].data);
    }
    auto rx = Read("vnicrx.pcap");
    auto rxAlias = Read("vmxnet3rx.pcap");
    EXPECT_EQ(rx.size(), 4u);
    EXPECT_EQ(CountFrom(rx, extMac), 4u);
    ASSERT_EQ(rxAlias.size(), rx.size()) << "Vmxnet3Rx is VnicRx";
    for (std::size_t i = 0; i < rx.size(); ++i)
    {
        EXPECT_EQ(rxAlias[i].data, rx[i].data) << "Vmxnet3Rx is VnicRx";
    }
    auto tx = Read("vnictx.pcap");
    EXPECT_EQ(tx.size(), 4u);
    EXPECT_EQ(CountFrom(tx, vmMac), 4u);
    EXPECT_EQ(Read("vmxnet3tx.pcap").size(), tx.size()) << "Vmxnet3Tx is VnicTx";
    auto list = Read("list.pcap");
    ASSERT_EQ(list.size(), 8u) << "a comma list watches every point in it";
    for (std::size_t i = 0; i < list.size(); ++i)
    {
        EXPECT_EQ(Decode(list[i].data).src, i % 2 == 0 ? extMac : vmMac) << "frame " << i;
    }

    // The console prints the real names, whichever spelling was typed.
    auto lines = Lines(text.str());
    EXPECT_EQ(CountOf(lines, std::string("The session capture point is VnicRx,EtherswitchDispath")),
              1u)
        << text.str();
    std::size_t vnicRx = 0;
    std::size_t dispatchLines = 0;
    for (const auto& l : FrameLines(text.str()))
    {
        vnicRx += l.find("Captured at VnicRx point,") != std::string::npos ? 1 : 0;
        dispatchLines += l.find("Captured at EtherswitchDispath point,") != std::string::npos;
    }
    EXPECT_EQ(vnicRx, 4u);
    EXPECT_EQ(dispatchLines, 4u);
}

// =========================================================================================
// PortOutput before the reverse-teaming filter, VnicRx after it (seed 0)

namespace
{
/// Mirror the physical port facing vm's uplink onto the port facing the other uplink, so
/// that every frame for vm arrives on both uplinks of its host (seed 0's test bed).
void
MirrorOntoTheOtherUplink(Lab& lab, Ptr<EsxiHost> h, const std::string& pinned)
{
    std::string other = pinned == "vmnic0" ? "vmnic1" : "vmnic0";
    lab.sw->AddMirrorSession({lab.SwitchPortOf(h, pinned)},
                             PhysicalSwitch::MirrorDirection::Both,
                             lab.SwitchPortOf(h, other));
}
} // namespace

TEST_F(PktcapTest, Points_PortOutputIsBeforeReverseTeamingVnicRxAfter)
{
    auto vm = SeedVm();
    auto ext = lab.External(100, "192.168.100.11/24");
    MirrorOntoTheOtherUplink(lab, h1, Pinned(vm));
    pktcap.Capture(h1,
                   "--switchport 50331657 --dir 1 --proto 0x01 --capture PortOutput -o po.pcap");
    pktcap.Capture(h1, "--switchport 50331657 --dir 1 --proto 0x01 --capture VnicRx -o rx.pcap");
    pktcap.Capture(h1, "--switchport 50331657 --proto 0x01 --capture Drop -o drop.pcap");
    auto ping = Create<PingCounter>(ext, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(5.5));
    RunUntil(6);
    ASSERT_EQ(ping->Replies(), 5u);
    Mac48Address extMac = Lab::MacOf(ext);
    auto po = Read("po.pcap");
    auto rx = Read("rx.pcap");
    auto drop = Read("drop.pcap");
    EXPECT_EQ(po.size(), 10u) << "PortOutput sees both copies of each request";
    EXPECT_EQ(CountFrom(po, extMac), po.size());
    EXPECT_EQ(rx.size(), 5u) << "VnicRx sees one";
    EXPECT_EQ(CountFrom(rx, extMac), rx.size());
    EXPECT_EQ(drop.size(), 5u) << "the other copies were dropped at the port";
    ASSERT_EQ(po.size() % 2, 0u);
    for (std::size_t i = 0; i + 1 < po.size(); i += 2)
    {
        EXPECT_EQ(po[i].data, po[i + 1].data) << "the two copies of a request differ";
        EXPECT_LT(po[i + 1].time - po[i].time, 0.001) << "copies are not back to back";
    }
}

TEST_F(PktcapTest, Console_SeedSwitchportSessionsShowTheDuplicatesAtPortOutputOnly)
{
    auto vm = SeedVm();
    auto ext = lab.External(100, "192.168.100.11/24");
    MirrorOntoTheOtherUplink(lab, h1, Pinned(vm));
    pktcap.SetBaseTime(Hours(16) + Minutes(12) + Seconds(39));
    std::ostringstream po;
    std::ostringstream rx;
    pktcap.SetConsole(&po);
    pktcap.Capture(h1, "--switchport 50331657 --dir 1 -c 3 --proto 0x01 --capture PortOutput");
    pktcap.SetConsole(&rx);
    pktcap.Capture(h1, "--switchport 50331657 --dir 1 -c 3 --proto 0x01 --capture VnicRx");
    auto ping = Create<PingCounter>(ext, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(5.5));
    RunUntil(6);
    ASSERT_EQ(ping->Replies(), 5u);

    // Seed 0's banners, word for word.
    const std::vector<std::string> banner{"The switch port id is 0x03000009",
                                          "The dir is Output",
                                          "To capture 3 packets",
                                          "The session filter IP protocol is 0x01"};
    for (auto* os : {&po, &rx})
    {
        auto lines = Lines(os->str());
        ASSERT_GE(lines.size(), banner.size() + 1);
        EXPECT_EQ(std::vector<std::string>(lines.begin(), lines.begin() + banner.size()), banner);
    }
    EXPECT_EQ(Lines(po.str())[4], "The session capture point is PortOutput");
    EXPECT_EQ(Lines(rx.str())[4], "The session capture point is VnicRx");

    const std::regex poLine(R"(^16:12:4\d\.\d{6}\[[123]\] Captured at PortOutput point, TSO not )"
                            R"(enabled, Checksum not offloaded and not verified, VLAN tag 100, )"
                            R"(length 98\.$)");
    const std::regex rxLine(R"(^16:12:4\d\.\d{6}\[[123]\] Captured at VnicRx point, TSO not )"
                            R"(enabled, Checksum not offloaded and not verified, length 98\.$)");
    auto poFrames = FrameLines(po.str());
    auto rxFrames = FrameLines(rx.str());
    ASSERT_EQ(poFrames.size(), 3u);
    ASSERT_EQ(rxFrames.size(), 3u);
    for (const auto& l : poFrames)
    {
        EXPECT_TRUE(std::regex_match(l, poLine)) << l;
    }
    for (const auto& l : rxFrames)
    {
        EXPECT_TRUE(std::regex_match(l, rxLine)) << l;
    }
    // PortOutput: [1] and [2] are the two copies of one request, [3] a second later.
    EXPECT_LT(ConsoleMicros(poFrames[1]) - ConsoleMicros(poFrames[0]), 1000);
    // (The first request waited for ARP: a few milliseconds less than a second.)
    EXPECT_NEAR(ConsoleMicros(poFrames[2]) - ConsoleMicros(poFrames[0]), 1000000, 10000);
    // VnicRx: one copy per second.
    EXPECT_NEAR(ConsoleMicros(rxFrames[1]) - ConsoleMicros(rxFrames[0]), 1000000, 10000);
    EXPECT_NEAR(ConsoleMicros(rxFrames[2]) - ConsoleMicros(rxFrames[1]), 1000000, 10000);
    for (auto* os : {&po, &rx})
    {
        auto lines = Lines(os->str());
        EXPECT_EQ(CountOf(lines, std::string("Dumped 3 packet to console, dropped 0 packets.")),
                  1u);
    }
}

// =========================================================================================
// pcap and pcapng files decoded by tshark

// Spec section 8, "What a capture file holds": at the vSwitch's points the port group's VLAN
// is metadata (the console prints "VLAN tag 100", the bytes have none), so pktcap-uw's files
// carry no 802.1Q bytes; the physical switch's port capture is the wire and keeps the tag.
TEST_F(PktcapTest, Files_UplinkCapturesHoldNoTagBytesAsPktcapUwWritesThemSwitchPortKeepsIt)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark not installed";
    }
    auto vm = SeedVm();
    auto ext = lab.External(100, "192.168.100.11/24");
    std::string up = Pinned(vm);
    pktcap.Capture(h1, "--uplink " + up + " --dir 2 --proto 0x01 -o uplink.pcap");
    pktcap.Capture(h1, "--uplink " + up + " --dir 2 --proto 0x01 -o uplink.pcapng --ng");
    pktcap.CaptureVm(h1, vm, 0, "--capture VnicRx --proto 0x01 -o vnicrx.pcap");
    pktcap.CaptureVm(h1, vm, 0, "--capture VnicRx --proto 0x01 -o vnicrx.pcapng --ng");
    PktcapHelper tagged;
    tagged.SetOutputDirectory(dir);
    tagged.SetInsertVlanTag(true);
    tagged.Capture(h1, "--uplink " + up + " --dir 2 --proto 0x01 -o uplink-tagged.pcap");
    PhysicalSwitchHelper pswitch;
    pswitch.EnablePortPcap(dir + "/wire", lab.sw, lab.SwitchPortOf(h1, up));
    auto ping = Create<PingCounter>(ext, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(3.5));
    RunUntil(4);
    tagged.StopAll();
    ASSERT_EQ(ping->Replies(), 3u);
    std::string extMac = MacText(Lab::MacOf(ext));
    std::string vmMac = MacText(Lab::MacOf(vm));
    const std::string fields = "-T fields -e vlan.id -e eth.src -e eth.dst -e ip.src -e ip.dst "
                               "-e icmp.type";
    const std::string request = extMac + "\t" + vmMac + "\t192.168.100.11\t192.168.100.12\t8";
    const std::string reply = vmMac + "\t" + extMac + "\t192.168.100.12\t192.168.100.11\t0";
    for (const std::string file : {"uplink.pcap", "uplink.pcapng", "vnicrx.pcap", "vnicrx.pcapng"})
    {
        SCOPED_TRACE(file);
        auto lines = Tshark(dir + "/" + file, fields);
        const bool uplink = file.rfind("uplink", 0) == 0;
        ASSERT_EQ(lines.size(), uplink ? 6u : 3u);
        for (std::size_t i = 0; i < lines.size(); ++i)
        {
            EXPECT_EQ(lines[i], "\t" + (!uplink || i % 2 == 0 ? request : reply))
                << "802.1Q bytes in a pktcap-uw file";
        }
        // Every frame's bytes 12-13 are the EtherType, as in seed 0's dump.
        auto types = Tshark(dir + "/" + file, "-T fields -e eth.type");
        for (const auto& t : types)
        {
            EXPECT_EQ(t, "0x0800");
        }
    }
    // The pcapng's comment says where each frame was seen, and the VLAN, as the console does.
    auto comments = Tshark(dir + "/uplink.pcapng", "-T fields -e frame.comment");
    ASSERT_EQ(comments.size(), 6u);
    for (const auto& c : comments)
    {
        EXPECT_NE(c.find(" VLAN tag 100"), std::string::npos) << c;
    }
    comments = Tshark(dir + "/vnicrx.pcapng", "-T fields -e frame.comment");
    ASSERT_EQ(comments.size(), 3u);
    for (const auto& c : comments)
    {
        EXPECT_EQ(c, "VnicRx port " + std::to_string(kSeedPort));
    }
    // With the tag asked for, and on the wire, Wireshark shows VLAN 100 (ns-3's own pcap of
    // the switch port is complete once the simulator is destroyed).
    std::string wirePcap =
        PhysicalSwitchHelper::GetPortPcapFilename(dir + "/wire", lab.sw, lab.SwitchPortOf(h1, up));
    Simulator::Destroy();
    for (const std::string& file : {std::string("uplink-tagged.pcap"), wirePcap})
    {
        SCOPED_TRACE(file);
        auto lines = Tshark(file.front() == '/' ? file : dir + "/" + file, fields + " -Y icmp");
        ASSERT_EQ(lines.size(), 6u);
        for (std::size_t i = 0; i < lines.size(); ++i)
        {
            EXPECT_EQ(lines[i], "100\t" + (i % 2 == 0 ? request : reply));
        }
    }
}

TEST_F(PktcapTest, Files_DropCaptureInPcapngCarriesTheReasonInTheComment)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark not installed";
    }
    auto vm = SeedVm();
    auto ext = lab.External(100, "192.168.100.11/24");
    MirrorOntoTheOtherUplink(lab, h1, Pinned(vm));
    pktcap.Capture(h1, "--capture Drop --proto 0x01 -o drops.pcapng --ng");
    auto ping = Create<PingCounter>(ext, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(3.5));
    RunUntil(4);
    ASSERT_EQ(ping->Replies(), 3u);
    // The copy of each request that came in on the other uplink is dropped at vm1's port by
    // reverse teaming; the mirrored copy of each reply is for no local MAC.
    auto lines = Tshark(dir + "/drops.pcapng", "-T fields -e vlan.id -e eth.src -e frame.comment");
    ASSERT_EQ(lines.size(), 6u);
    const std::string rt = "\t" + MacText(Lab::MacOf(ext)) + "\t";
    const std::string uu = "\t" + MacText(Lab::MacOf(vm)) + "\t";
    for (std::size_t i = 0; i < lines.size(); ++i)
    {
        const std::string& l = lines[i];
        if (i % 2 == 0)
        {
            EXPECT_EQ(l.substr(0, rt.size()), rt) << l;
            EXPECT_NE(l.find("Drop Reason 'reverse-teaming'"), std::string::npos) << l;
            EXPECT_NE(l.find("port " + std::to_string(kSeedPort)), std::string::npos) << l;
        }
        else
        {
            EXPECT_EQ(l.substr(0, uu.size()), uu) << l;
            EXPECT_NE(l.find("Drop Reason 'unknown-unicast'"), std::string::npos) << l;
            EXPECT_NE(l.find("port " + std::to_string(vs->GetUplinkPortId(Other(vm)))),
                      std::string::npos)
                << l;
        }
    }
}

// =========================================================================================
// -c, -s

TEST_F(PktcapTest, Limits_CountStopsTheSessionAfterNFrames)
{
    auto vm = SeedVm();
    auto ext = lab.External(100, "192.168.100.11/24");
    std::string up = Pinned(vm);
    auto three = pktcap.Capture(h1, "--uplink " + up + " -c 3 --proto 0x01 -o three.pcap");
    auto all = pktcap.Capture(h1, "--uplink " + up + " --proto 0x01 -o all.pcap");
    std::ostringstream text;
    pktcap.SetConsole(&text);
    auto two = pktcap.Capture(h1, "--uplink " + up + " -c 2 --proto 0x01");
    auto ping = Create<PingCounter>(ext, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(5.5));
    Simulator::Stop(Seconds(6));
    Simulator::Run();
    ASSERT_EQ(ping->Replies(), 5u);
    EXPECT_TRUE(three->IsStopped());
    EXPECT_TRUE(two->IsStopped());
    EXPECT_FALSE(all->IsStopped());
    EXPECT_EQ(three->GetFrameCount(), 3u);
    EXPECT_EQ(two->GetFrameCount(), 2u);
    EXPECT_EQ(all->GetFrameCount(), 5u);
    // The console session ended by itself: its trailer is out before StopAll.
    EXPECT_EQ(
        CountOf(Lines(text.str()), std::string("Dumped 2 packet to console, dropped 0 packets.")),
        1u);
    pktcap.StopAll();
    EXPECT_EQ(Read("three.pcap").size(), 3u);
    auto five = Read("all.pcap");
    ASSERT_EQ(five.size(), 5u);
    auto first = Read("three.pcap");
    ASSERT_EQ(first.size(), 3u);
    for (std::size_t i = 0; i < 3; ++i)
    {
        EXPECT_EQ(first[i].data, five[i].data) << "-c keeps the first frames";
    }
    EXPECT_EQ(FrameLines(text.str()).size(), 2u);
    EXPECT_EQ(CountOf(Lines(text.str()), std::string("Done.")), 1u) << "trailer printed twice";
}

TEST_F(PktcapTest, Limits_SnaplenTruncatesFilesAndConsoleDumps)
{
    auto vm = SeedVm();
    auto ext = lab.External(100, "192.168.100.11/24");
    std::string up = Pinned(vm);
    pktcap.Capture(h1, "--uplink " + up + " --proto 0x01 -s 60 -o snap.pcap");
    pktcap.Capture(h1, "--uplink " + up + " --proto 0x01 -o full.pcap");
    std::ostringstream text;
    pktcap.SetConsole(&text);
    pktcap.Capture(h1, "--uplink " + up + " --proto 0x01 -s 40 -c 1");
    auto ping = Create<PingCounter>(ext, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(2.5));
    RunUntil(3);
    ASSERT_EQ(ping->Replies(), 2u);
    auto snap = Read("snap.pcap");
    auto full = Read("full.pcap");
    ASSERT_EQ(snap.size(), 2u);
    ASSERT_EQ(full.size(), 2u);
    for (std::size_t i = 0; i < snap.size(); ++i)
    {
        EXPECT_EQ(full[i].data.size(), 98u) << "98 bytes, the tag being metadata";
        EXPECT_EQ(snap[i].data,
                  std::vector<uint8_t>(full[i].data.begin(), full[i].data.begin() + 60));
    }
    if (HaveTshark())
    {
        auto lines = Tshark(dir + "/snap.pcap", "-T fields -e frame.len -e frame.cap_len");
        EXPECT_EQ(lines, std::vector<std::string>(2, "98\t60")) << "the original length is kept";
    }
    auto lines = Lines(text.str());
    auto frame = std::find_if(lines.begin(), lines.end(), [](const std::string& l) {
        return l.find("] Captured at ") != std::string::npos;
    });
    ASSERT_NE(frame, lines.end());
    EXPECT_NE(frame->find("length 98."), std::string::npos) << *frame;
    ASSERT_LT(frame + 4, lines.end());
    EXPECT_EQ(frame[1], "Segment[0] ---- 40 bytes:");
    EXPECT_EQ(frame[2].substr(0, 7), "0x0000:");
    EXPECT_EQ(frame[3].substr(0, 7), "0x0010:");
    EXPECT_EQ(Words(frame[4]).size(), 5u) << "40 bytes: the last row holds 8: " << frame[4];
    EXPECT_EQ(frame[5], "Dump thread exiting...");
}

// =========================================================================================
// Flow filters on live traffic

namespace
{
/// One filter and which frames it must keep.
struct FilterCase
{
    std::string options;                      //!< the filter options
    std::function<bool(const Decoded&)> keep; //!< the frames it keeps
};
} // namespace

namespace
{
/// A RARP announcement from a bare-metal machine (the host's own vNIC announcements are
/// reflected back by the physical switch, and the reverse path check drops those before
/// EtherswitchDispatch).
void
SendRarpFrom(Ptr<NetDevice> dev)
{
    dev->Send(Create<Packet>(28), Mac48Address::GetBroadcast(), 0x8035);
}
} // namespace

TEST_F(PktcapTest, Filters_EachFlowFilterKeepsExactlyTheMatchingLiveFrames)
{
    // Traffic of every kind through vSwitch0: ICMP in VLAN 100, UDP echo in VLAN 200, TCP in
    // VLAN 100, ARP, the RARP announcements of the vNICs and one from outside.
    h1->AddPortGroup("PG200", 200);
    auto vm1 = SeedVm();
    auto vm2 = lab.Vm(h1, "PG200", "192.168.200.12/24", "vm2");
    auto ext1 = lab.External(100, "192.168.100.11/24");
    auto ext2 = lab.External(200, "192.168.200.11/24");
    auto ping = Create<PingCounter>(ext1, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(3.5));

    UdpEchoServerHelper echo(7);
    echo.Install(vm2).Start(Seconds(0));
    UdpEchoClientHelper client(Ipv4Address("192.168.200.12"), 7);
    client.SetAttribute("MaxPackets", UintegerValue(3));
    client.SetAttribute("Interval", TimeValue(Seconds(1)));
    client.SetAttribute("PacketSize", UintegerValue(200));
    ApplicationContainer c = client.Install(ext2);
    c.Start(Seconds(1.2));

    PacketSinkHelper sink("ns3::TcpSocketFactory", InetSocketAddress(Ipv4Address::GetAny(), 5001));
    sink.Install(vm1).Start(Seconds(0));
    BulkSendHelper bulk("ns3::TcpSocketFactory", InetSocketAddress("192.168.100.12", 5001));
    bulk.SetAttribute("MaxBytes", UintegerValue(3000));
    bulk.Install(ext1).Start(Seconds(1.5));

    Simulator::Schedule(Seconds(2), &SendRarpFrom, Lab::Nic(ext1));
    Mac48Address mac1 = Lab::MacOf(vm1);
    Mac48Address mac2 = Lab::MacOf(vm2);
    Mac48Address ext1Mac = Lab::MacOf(ext1);
    Ipv4Address ip1("192.168.100.12");
    Ipv4Address ip2("192.168.200.12");
    Ipv4Address ext1Ip("192.168.100.11");
    auto tcpOrUdp = [](const Decoded& d) { return d.ports; };
    std::vector<FilterCase> cases{
        {"--mac " + MacText(mac1),
         [&](const Decoded& d) { return d.src == mac1 || d.dst == mac1; }},
        {"--srcmac " + MacText(ext1Mac), [&](const Decoded& d) { return d.src == ext1Mac; }},
        {"--dstmac " + MacText(mac2), [&](const Decoded& d) { return d.dst == mac2; }},
        {"--vlan 200", [](const Decoded& d) { return d.tagged && d.vlan == 200; }},
        {"--ip 192.168.200.12",
         [&](const Decoded& d) { return d.ipv4 && (d.srcIp == ip2 || d.dstIp == ip2); }},
        {"--srcip 192.168.100.11", [&](const Decoded& d) { return d.ipv4 && d.srcIp == ext1Ip; }},
        {"--dstip 192.168.100.12", [&](const Decoded& d) { return d.ipv4 && d.dstIp == ip1; }},
        {"--proto 0x01", [](const Decoded& d) { return d.ipv4 && d.proto == 1; }},
        {"--proto 0x11", [](const Decoded& d) { return d.ipv4 && d.proto == 17; }},
        {"--proto 6", [](const Decoded& d) { return d.ipv4 && d.proto == 6; }},
        {"--ethtype 0x8035", [](const Decoded& d) { return d.etherType == 0x8035; }},
        {"--ethtype 0x0806", [](const Decoded& d) { return d.etherType == 0x0806; }},
        {"--srcport 7", [&](const Decoded& d) { return tcpOrUdp(d) && d.srcPort == 7; }},
        {"--dstport 7", [&](const Decoded& d) { return tcpOrUdp(d) && d.dstPort == 7; }},
        {"--dstport 5001", [&](const Decoded& d) { return tcpOrUdp(d) && d.dstPort == 5001; }},
        {"--tcpport 5001",
         [](const Decoded& d) {
             return d.ports && d.proto == 6 && (d.srcPort == 5001 || d.dstPort == 5001);
         }},
        {"--srcip 192.168.100.11 --proto 0x06",
         [&](const Decoded& d) { return d.ipv4 && d.srcIp == ext1Ip && d.proto == 6; }},
    };
    // Every frame entering the switching core, from the ports and from the uplinks; the files
    // carry the VLAN metadata as a tag so that the expected frames can be told by VLAN.
    pktcap.SetInsertVlanTag(true);
    pktcap.Capture(h1, "--capture EtherswitchDispatch -o all.pcap");
    for (std::size_t i = 0; i < cases.size(); ++i)
    {
        pktcap.Capture(h1,
                       "--capture EtherswitchDispatch " + cases[i].options + " -o f" +
                           std::to_string(i) + ".pcap");
    }
    RunUntil(6);
    ASSERT_EQ(ping->Replies(), 3u);
    auto all = Read("all.pcap");
    ASSERT_GT(all.size(), 30u);
    for (std::size_t i = 0; i < cases.size(); ++i)
    {
        SCOPED_TRACE(cases[i].options);
        std::vector<std::vector<uint8_t>> expected;
        for (const auto& r : all)
        {
            if (cases[i].keep(Decode(r.data)))
            {
                expected.push_back(r.data);
            }
        }
        EXPECT_GT(expected.size(), 0u) << "the traffic has no frame for this filter";
        EXPECT_LT(expected.size(), all.size()) << "the traffic has no frame this filter drops";
        std::vector<std::vector<uint8_t>> got;
        for (const auto& r : Read("f" + std::to_string(i) + ".pcap"))
        {
            got.push_back(r.data);
        }
        EXPECT_EQ(got.size(), expected.size());
        EXPECT_TRUE(got == expected) << "the filter kept other frames than the matching ones";
    }
}

// =========================================================================================
// Bad targets

TEST_F(PktcapTest, Errors_UnknownTargetsAreConfigErrorsNamingThemAndTheChoices)
{
    auto vm = SeedVm();
    h1->AddVmknic("vmk0", "PG");
    auto h2 = lab.Host("esxi02");
    h2->AddPortGroup("PG", 100);
    auto elsewhere = lab.Vm(h2, "PG", "", "db01");

    std::string e = ErrorOf([&] { pktcap.Capture(h1, "--uplink vmnic7"); });
    EXPECT_NE(e.find("esxi01"), std::string::npos) << e;
    EXPECT_NE(e.find("vmnic7"), std::string::npos) << e;
    EXPECT_NE(e.find("vmnic0, vmnic1"), std::string::npos) << "the NICs it has: " << e;

    e = ErrorOf([&] { pktcap.Capture(h1, "--switchport 50331999"); });
    EXPECT_NE(e.find("50331999"), std::string::npos) << e;
    EXPECT_NE(e.find("50331657 (vm1.eth0)"), std::string::npos) << "the ports it has: " << e;

    e = ErrorOf([&] { pktcap.Capture(h1, "--vmk vmk3 --dir 2"); });
    EXPECT_NE(e.find("vmk3"), std::string::npos) << e;
    EXPECT_NE(e.find("vmk0"), std::string::npos) << "the VMkernel NICs it has: " << e;

    e = ErrorOf([&] { pktcap.CaptureVm(h1, elsewhere, 0, "--dir 1"); });
    EXPECT_NE(e.find("esxi01"), std::string::npos) << e;
    EXPECT_NE(e.find("vm1"), std::string::npos) << "the VMs it has: " << e;
    EXPECT_NE(e.find("host it runs on"), std::string::npos) << "the fix: " << e;

    e = ErrorOf([&] { pktcap.CaptureVm(h1, vm, 1, ""); });
    EXPECT_NE(e.find("vm1"), std::string::npos) << e;
    EXPECT_NE(e.find("eth1"), std::string::npos) << e;

    e = ErrorOf([&] { pktcap.Capture(h1, "--uplink vmnic0 --capture PortOutput"); });
    EXPECT_NE(e.find("PortOutput"), std::string::npos) << e;

    // The same targets are fine where they exist, and nothing was left listening.
    EXPECT_NO_THROW(pktcap.CaptureVm(h2, elsewhere, 0, "--dir 1"));
    EXPECT_NO_THROW(pktcap.Capture(h1, "--vmk vmk0"));
    EXPECT_EQ(pktcap.GetSessions().size(), 2u) << "a failed Capture registered a session";
}

// =========================================================================================
// The console format against seed 0's uplink session

TEST_F(PktcapTest, Console_SeedUplinkSessionHasTheSeedsLayout)
{
    auto vm = SeedVm();
    auto ext = lab.External(100, "192.168.100.11/24");
    std::string up = Pinned(vm);
    pktcap.SetBaseTime(Hours(16) + Minutes(13) + Seconds(15));
    pktcap.Capture(h1, "--uplink " + up + " --proto 0x01 -o same.pcap");
    auto s = pktcap.Capture(h1, "pktcap-uw --uplink " + up + " -c 3 --proto 0x01");
    auto ping = Create<PingCounter>(ext, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(4.5));
    RunUntil(5);
    ASSERT_EQ(ping->Replies(), 4u);
    auto records = Read("same.pcap");
    ASSERT_EQ(records.size(), 4u);

    std::vector<std::string> expected{"The name of the uplink is " + up,
                                      "To capture 3 packets",
                                      "The session filter IP protocol is 0x01",
                                      "No server port specifed, select 65440 as the port",
                                      "Output the packet info to console.",
                                      "Local CID 2",
                                      "Listen on port 65440",
                                      "Accept...Vsock connection from port 1062 cid 2"};
    for (std::size_t i = 0; i < 3; ++i)
    {
        // The frame as the file holds it (no tag) is the one the console dumps.
        std::vector<uint8_t> b = records[i].data;
        ASSERT_FALSE(Decode(b).tagged);
        int64_t us = std::llround(records[i].time * 1e6) + (16 * 3600LL + 13 * 60 + 15) * 1000000;
        char line[200];
        std::snprintf(line,
                      sizeof(line),
                      "%02d:%02d:%02d.%06d[%zu] Captured at EtherswitchDispath point, TSO not "
                      "enabled, Checksum not offloaded and not verified, VLAN tag 100, length %zu.",
                      int(us / 3600000000LL),
                      int(us / 60000000 % 60),
                      int(us / 1000000 % 60),
                      int(us % 1000000),
                      i + 1,
                      b.size());
        expected.emplace_back(line);
        expected.push_back("Segment[0] ---- " + std::to_string(b.size()) + " bytes:");
        for (std::size_t row = 0; row < b.size(); row += 16)
        {
            std::snprintf(line, sizeof(line), "0x%04zx:", row);
            std::string text = line;
            for (std::size_t j = row; j < std::min(b.size(), row + 16); j += 2)
            {
                if (j + 1 < b.size())
                {
                    std::snprintf(line, sizeof(line), " %02x%02x", b[j], b[j + 1]);
                }
                else
                {
                    std::snprintf(line, sizeof(line), " %02x", b[j]);
                }
                text += line;
            }
            expected.push_back(text);
        }
    }
    for (const char* l : {"Dump thread exiting...",
                          "Destroying session 38",
                          "Dumped 3 packet to console, dropped 0 packets.",
                          "Done."})
    {
        expected.emplace_back(l);
    }
    EXPECT_EQ(Lines(console.str()), expected);
    // Seed 0's frame: 98 bytes, ICMP echo from .11 to .12, first row as the seed's.
    auto lines = Lines(console.str());
    ASSERT_GT(lines.size(), 10u);
    EXPECT_EQ(lines[8].substr(0, 8), "16:13:16");
    EXPECT_EQ(lines[10].substr(0, 22), "0x0000: 0050 569d fdb1");
    EXPECT_EQ(lines[10].substr(lines[10].size() - 9), "0800 4500");
    EXPECT_EQ(s->GetFrameCount(), 3u);
}

// =========================================================================================
// The host's inspection views

namespace
{

/// esxi01 with vSwitch0 (vmnic0, vmnic1: port groups PG in VLAN 100, Management with vmk0)
/// and a distributed switch DSwitch (vmnic2: port group DPG in VLAN 300).
class InspectionTest : public PktcapTest
{
  protected:
    void SetUp() override
    {
        dir = OutputDir();
        h1 = lab.BareHost("esxi01", {"vmnic0", "vmnic1", "vmnic2"});
        vs = h1->AddVSwitch("vSwitch0", {"vmnic0", "vmnic1"});
        ds = h1->AddVSwitch("DSwitch", {"vmnic2"}, VSwitch::Distributed);
        h1->AddPortGroup("PG", 100, "vSwitch0");
        h1->AddPortGroup("Management", 0, "vSwitch0");
        h1->AddPortGroup("DPG", 300, "DSwitch");
        AddIp(h1->AddVmknic("vmk0", "Management"), "10.0.0.21/24");
        pktcap.SetOutputDirectory(dir);
        pktcap.SetConsole(&console);
    }

    /// The row of a view whose words include `word` at index `column`.
    static std::vector<std::string> Row(const std::string& text,
                                        std::size_t column,
                                        const std::string& word)
    {
        for (const auto& l : Lines(text))
        {
            auto w = Words(l);
            if (w.size() > column && w[column] == word)
            {
                return w;
            }
        }
        ADD_FAILURE() << "no row with " << word << " in\n" << text;
        return {};
    }

    /// The GetPortViews() row of a client.
    EsxiHost::PortView View(const std::string& client) const
    {
        for (const auto& v : h1->GetPortViews())
        {
            if (v.client == client)
            {
                return v;
            }
        }
        ADD_FAILURE() << "no port view for " << client;
        return EsxiHost::PortView{};
    }

    std::string NetStats() const
    {
        std::ostringstream os;
        h1->PrintNetStats(os);
        return os.str();
    }

    std::string Esxtop() const
    {
        std::ostringstream os;
        h1->PrintEsxtopNetwork(os);
        return os.str();
    }

    std::string VmPortList() const
    {
        std::ostringstream os;
        h1->PrintVmPortList(os);
        return os.str();
    }

    Ptr<VSwitch> ds;
};

} // namespace

TEST_F(InspectionTest, NetStats_ListsEveryPortWithTypeSwitchMacAndClient)
{
    auto vm1 = SeedVm();
    auto vm2 = lab.Vm(h1, "DPG", "", "vm2");
    std::string text = NetStats();
    auto lines = Lines(text);
    ASSERT_EQ(lines.size(), 7u) << "a header and 3 uplinks, vmk0, vm1 and vm2:\n" << text;
    EXPECT_EQ(Words(lines[0]),
              (std::vector<std::string>{"PortNum",
                                        "Type",
                                        "SubType",
                                        "SwitchName",
                                        "MACAddress",
                                        "ClientName"}));

    // Every port, as the data view has it.
    auto views = h1->GetPortViews();
    ASSERT_EQ(views.size(), 6u);
    for (const auto& v : views)
    {
        auto row = Row(text, 5, v.client);
        EXPECT_EQ(row,
                  (std::vector<std::string>{std::to_string(v.portId),
                                            std::to_string(v.type),
                                            std::to_string(v.subType),
                                            v.vswitch,
                                            MacText(v.mac),
                                            v.client}));
    }
    // The values net-stats shows for each kind of client.
    auto uplink = Row(text, 5, "vmnic0");
    EXPECT_EQ(uplink[0], std::to_string(vs->GetUplinkPortId("vmnic0")));
    EXPECT_EQ(uplink[1], "4");
    EXPECT_EQ(uplink[3], "vSwitch0");
    EXPECT_EQ(uplink[4], MacText(Mac48Address::ConvertFrom(h1->GetNic("vmnic0")->GetAddress())));
    auto vmk = Row(text, 5, "vmk0");
    EXPECT_EQ(vmk[1], "3");
    auto vm = Row(text, 5, "vm1.eth0");
    EXPECT_EQ(vm,
              (std::vector<
                  std::string>{"50331657", "5", "9", "vSwitch0", "00:50:56:9d:fd:b1", "vm1.eth0"}));
    auto dvs = Row(text, 5, "vm2.eth0");
    EXPECT_EQ(dvs[3], "DvsPortset-" + std::to_string(ds->GetPortsetIndex()));
    EXPECT_EQ(dvs[0], std::to_string(h1->GetVmPort(vm2)->GetPortId()));
    EXPECT_EQ(std::stoul(dvs[0]) >> 24, ds->GetPortsetIndex());
    EXPECT_EQ(Row(text, 5, "vmnic2")[3], dvs[3]);

    // Layout: the text columns start where their headings do.
    for (const char* heading : {"SwitchName", "MACAddress", "ClientName"})
    {
        std::size_t col = lines[0].find(heading);
        ASSERT_NE(col, std::string::npos);
        for (std::size_t i = 1; i < lines.size(); ++i)
        {
            ASSERT_GT(lines[i].size(), col) << lines[i];
            EXPECT_TRUE(lines[i][col] != ' ' && lines[i][col - 1] == ' ')
                << heading << " misaligned in: " << lines[i];
        }
    }
    EXPECT_EQ(lines[1].find(std::to_string(views[0].portId)), 0u);
    (void)vm1;
}

TEST_F(InspectionTest, Esxtop_TeamPnicIsTheUplinkEachPortUsesAndFollowsAFailover)
{
    h1->AddPortGroup("IPH", 100, "vSwitch0");
    TeamingPolicy t;
    t.loadBalancing = LoadBalancing::IpHash;
    h1->GetPortGroup("IPH")->SetTeamingOverride(t);
    auto vm1 = SeedVm();
    auto vm2 = lab.Vm(h1, "DPG", "", "vm2");
    auto vm3 = lab.Vm(h1, "IPH", "", "vm3");
    lab.External(100, "192.168.100.11/24");
    // The uplink vm1's first echo request leaves by, and the one its last leaves by.
    auto c0 = pktcap.Capture(h1, "--uplink vmnic0 --dir 1 --proto 0x01 -c 1 -o vmnic0.pcap");
    auto c1 = pktcap.Capture(h1, "--uplink vmnic1 --dir 1 --proto 0x01 -c 1 -o vmnic1.pcap");
    auto ping = Create<PingCounter>(vm1, Ipv4Address("192.168.100.11"), Seconds(1), Seconds(7.5));
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 3u);
    c0->Stop();
    c1->Stop();
    std::size_t on0 = CountFrom(Read("vmnic0.pcap"), Lab::MacOf(vm1));
    std::size_t on1 = CountFrom(Read("vmnic1.pcap"), Lab::MacOf(vm1));
    ASSERT_EQ(on0 + on1, 1u);
    std::string first = on0 ? "vmnic0" : "vmnic1";
    std::string other = on0 ? "vmnic1" : "vmnic0";
    auto last = pktcap.Capture(h1, "--uplink " + other + " --dir 1 --proto 0x01 -o after.pcap");

    std::string before = Esxtop();
    auto lines = Lines(before);
    ASSERT_EQ(lines.size(), 8u) << before;
    EXPECT_EQ(Words(lines[0]),
              (std::vector<std::string>{"PORT-ID",
                                        "USED-BY",
                                        "TEAM-PNIC",
                                        "DNAME",
                                        "PKTTX/s",
                                        "MbTX/s",
                                        "PKTRX/s",
                                        "MbRX/s",
                                        "%DRPTX",
                                        "%DRPRX"}));
    auto row = Row(before, 1, "vm1.eth0");
    ASSERT_EQ(row.size(), 10u);
    EXPECT_EQ(row[0], "50331657");
    EXPECT_EQ(row[2], first);
    EXPECT_EQ(row[3], "vSwitch0");
    EXPECT_EQ(Row(before, 1, "vmnic0")[2], "-");
    EXPECT_EQ(Row(before, 1, "vmnic2")[2], "-");
    EXPECT_EQ(Row(before, 1, "vmk0")[2], h1->FindPort("vmk0")->GetTeamUplink());
    EXPECT_EQ(Row(before, 1, "vm2.eth0")[2], "vmnic2");
    EXPECT_EQ(Row(before, 1, "vm2.eth0")[3], "DvsPortset-" + std::to_string(ds->GetPortsetIndex()));
    EXPECT_EQ(Row(before, 1, "vm3.eth0")[2], "all(2)");
    // Rates are the port's counters over the time so far.
    auto v = View("vm1.eth0");
    double now = Simulator::Now().GetSeconds();
    EXPECT_GT(v.txFrames, 3u);
    EXPECT_NEAR(std::stod(row[4]), v.txFrames / now, 0.005);
    EXPECT_NEAR(std::stod(row[5]), v.txBytes * 8 / now / 1e6, 0.005);
    EXPECT_NEAR(std::stod(row[6]), v.rxFrames / now, 0.005);
    EXPECT_NEAR(std::stod(row[7]), v.rxBytes * 8 / now / 1e6, 0.005);

    std::string listBefore = VmPortList();

    // vm1's uplink fails: the port moves to the other one, and the views say so.
    Simulator::Schedule(Seconds(0.5), &CutCable, h1, first);
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 7u) << "failover on link loss";
    last->Stop();
    EXPECT_EQ(CountFrom(Read("after.pcap"), Lab::MacOf(vm1)), 3u) << "vm1 did not move";
    std::string after = Esxtop();
    EXPECT_EQ(Row(after, 1, "vm1.eth0")[2], other) << after;
    EXPECT_EQ(Row(after, 1, "vm2.eth0")[2], "vmnic2");
    EXPECT_EQ(View("vm1.eth0").teamUplink, other);
    std::string listAfter = VmPortList();
    EXPECT_NE(listBefore.find("   Team Uplink: " + first + "\n"), std::string::npos) << listBefore;
    EXPECT_NE(listAfter.find("   Team Uplink: " + other + "\n"), std::string::npos) << listAfter;
    EXPECT_NE(
        listAfter.find("   Uplink Port ID: " + std::to_string(vs->GetUplinkPortId(other)) + "\n"),
        std::string::npos)
        << listAfter;
    (void)vm2;
    (void)vm3;
}

TEST_F(InspectionTest, VmPortList_ShowsEachVmPortLikeEsxcli)
{
    auto vm1 = SeedVm();
    lab.Vm(h1, "DPG", "192.168.30.5/24", "vm2");
    lab.External(100, "192.168.100.11/24");
    // Which uplink vm1 uses, as its frames show it.
    pktcap.Capture(h1, "--uplink vmnic0 --dir 1 --proto 0x01 -o vmnic0.pcap");
    pktcap.Capture(h1, "--uplink vmnic1 --dir 1 --proto 0x01 -o vmnic1.pcap");
    auto ping = Create<PingCounter>(vm1, Ipv4Address("192.168.100.11"), Seconds(1), Seconds(2.5));
    RunUntil(3);
    ASSERT_EQ(ping->Replies(), 2u);
    std::size_t on0 = CountFrom(Read("vmnic0.pcap"), Lab::MacOf(vm1));
    std::size_t on1 = CountFrom(Read("vmnic1.pcap"), Lab::MacOf(vm1));
    ASSERT_EQ(on0 + on1, 2u);
    ASSERT_TRUE(on0 == 0 || on1 == 0);
    std::string up = on0 ? "vmnic0" : "vmnic1";

    std::string text = VmPortList();
    auto lines = Lines(text);
    // One block of nine lines and a blank line per VM vNIC; no uplink or vmk.
    ASSERT_EQ(lines.size(), 20u) << text;
    std::vector<std::string> vm1Block{"   Port ID: 50331657",
                                      "   vSwitch: vSwitch0",
                                      "   Portgroup: PG",
                                      "   DVPort ID: ",
                                      "   MAC Address: 00:50:56:9d:fd:b1",
                                      "   IP Address: 192.168.100.12",
                                      "   Team Uplink: " + up,
                                      "   Uplink Port ID: " +
                                          std::to_string(vs->GetUplinkPortId(up)),
                                      "   Active Filters: ",
                                      ""};
    EXPECT_EQ(std::vector<std::string>(lines.begin(), lines.begin() + 10), vm1Block);
    auto v2 = View("vm2.eth0");
    std::vector<std::string> vm2Block{
        "   Port ID: " + std::to_string(v2.portId),
        "   vSwitch: DvsPortset-" + std::to_string(ds->GetPortsetIndex()),
        "   Portgroup: DPG",
        "   DVPort ID: ",
        "   MAC Address: " + MacText(v2.mac),
        "   IP Address: 192.168.30.5",
        "   Team Uplink: vmnic2",
        "   Uplink Port ID: " + std::to_string(ds->GetUplinkPortId("vmnic2")),
        "   Active Filters: ",
        ""};
    EXPECT_EQ(std::vector<std::string>(lines.begin() + 10, lines.end()), vm2Block);
}

TEST_F(InspectionTest, PortViews_CountersAgreeWithWhatTheCapturePointsSaw)
{
    auto vm1 = SeedVm();
    auto ext = lab.External(100, "192.168.100.11/24");
    std::string up = Pinned(vm1);
    MirrorOntoTheOtherUplink(lab, h1, up);
    auto sent = pktcap.CaptureVm(h1, vm1, 0, "-o sent.pcap");
    auto delivered = pktcap.CaptureVm(h1, vm1, 0, "--capture VnicRx -o delivered.pcap");
    auto dropped = pktcap.CaptureVm(h1, vm1, 0, "--capture Drop -o dropped.pcap");
    auto rcv = pktcap.Capture(h1, "--uplink " + up + " --capture UplinkRcv -o rcv.pcap");
    auto snd = pktcap.Capture(h1, "--uplink " + up + " --dir 1 -o snd.pcap");
    auto ping = Create<PingCounter>(ext, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(4.5));
    RunUntil(5);
    ASSERT_EQ(ping->Replies(), 4u);

    auto vm = View("vm1.eth0");
    EXPECT_EQ(vm.portId, kSeedPort);
    EXPECT_EQ(vm.type, 5u);
    EXPECT_EQ(vm.subType, 9u);
    EXPECT_EQ(vm.vswitch, "vSwitch0");
    EXPECT_EQ(vm.portGroup, "PG");
    EXPECT_EQ(vm.mac, Mac48Address("00:50:56:9d:fd:b1"));
    EXPECT_EQ(vm.ip, "192.168.100.12");
    EXPECT_EQ(vm.teamUplink, up);
    EXPECT_EQ(vm.uplinkPortId, vs->GetUplinkPortId(up));
    EXPECT_EQ(vm.txFrames, sent->GetFrameCount());
    EXPECT_EQ(vm.rxFrames, delivered->GetFrameCount());
    EXPECT_GE(dropped->GetFrameCount(), 4u) << "the mirrored copies";
    EXPECT_EQ(vm.drops.Get(DropReason::ReverseTeaming), dropped->GetFrameCount());
    EXPECT_EQ(vm.rxDrops, dropped->GetFrameCount());
    EXPECT_EQ(vm.txDrops, 0u);
    uint64_t bytes = 0;
    for (const auto& r : Read("sent.pcap"))
    {
        bytes += r.data.size();
    }
    EXPECT_EQ(vm.txBytes, bytes) << "PortInput frames are untagged: their bytes as sent";

    auto uplink = View(up);
    EXPECT_EQ(uplink.type, 4u);
    EXPECT_EQ(uplink.teamUplink, "-");
    EXPECT_EQ(uplink.portId, vs->GetUplinkPortId(up));
    EXPECT_EQ(uplink.rxFrames, rcv->GetFrameCount());
    EXPECT_EQ(uplink.txFrames, snd->GetFrameCount());
    EXPECT_GT(uplink.txFrames, 4u);

    // esxtop's %DRPRX is the share of the port's frames that were dropped.
    auto row = Row(Esxtop(), 1, "vm1.eth0");
    ASSERT_EQ(row.size(), 10u);
    EXPECT_NEAR(std::stod(row[9]), 100.0 * vm.rxDrops / (vm.rxFrames + vm.rxDrops), 0.005);
    EXPECT_GT(std::stod(row[9]), 0.0);
    EXPECT_EQ(std::stod(row[8]), 0.0);
}

// Spec section 8: --switchport takes a port ID, and an uplink's port ID is one (net-stats -l
// lists it): the session captures that uplink, as --uplink would.
TEST_F(PktcapTest, Targets_SwitchportOfAnUplinksPortIdCapturesThatUplink)
{
    auto vm = SeedVm();
    auto ext = lab.External(100, "192.168.100.11/24");
    std::string up = Pinned(vm);
    std::string id = std::to_string(vs->GetUplinkPortId(up));
    auto byId = pktcap.Capture(h1, "--switchport " + id + " --dir 2 --proto 0x01 -o byid.pcap");
    auto byName = pktcap.Capture(h1, "--uplink " + up + " --dir 2 --proto 0x01 -o byname.pcap");
    auto drops = pktcap.Capture(h1, "--switchport " + id + " --capture Drop -o drops.pcap");
    auto ping = Create<PingCounter>(ext, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(3.5));
    RunUntil(4);
    ASSERT_EQ(ping->Replies(), 3u);
    EXPECT_EQ(byName->GetFrameCount(), 6u);
    EXPECT_EQ(byId->GetFrameCount(), byName->GetFrameCount());
    EXPECT_EQ(Read("byid.pcap").size(), 6u);
    // A point of a virtual port makes no sense there: the error says so.
    std::string e =
        ErrorOf([&] { pktcap.Capture(h1, "--switchport " + id + " --capture PortOutput"); });
    EXPECT_NE(e.find("uplink"), std::string::npos) << e;
    EXPECT_NE(e.find("PortOutput"), std::string::npos) << e;
}
