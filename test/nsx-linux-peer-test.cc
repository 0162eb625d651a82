/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Spec section 9 against a real peer: the simulated VTEP (model/nsx/vtep.h) and Linux's own
 * VXLAN driver (test/linux-vxlan-peer.h) put the same packet on the underlay for the same
 * inner frame and addresses, and each decapsulates the other's packet to the same frame.
 * Each test is named after the rule it holds.
 *
 * Linux's defaults differ from a VTEP on purpose (DF clear, UDP checksum computed, TTL from
 * the route, port 8472); the harness configures its device as the spec says a VTEP sends:
 * `df set ttl 64 noudpcsum dstport 4789` (and `nolearning`). What may still differ, and is
 * masked before comparing, is what each side chooses per packet: the UDP source port (a hash
 * of the inner flow, with its own function and range on each side), the IPv4 identification
 * and so the IPv4 header checksum.
 *
 * Linux pads nothing, while a frame a simulated VM sends is padded with zeros to 60 bytes: the
 * inner frame here is 98 bytes, so that both carry exactly the same inner bytes.
 */
#include "linux-vxlan-peer.h"
#include "vswitch-lab.h"

#include "ns3/distributed-switch.h"
#include "ns3/nsx-helper.h"
#include "ns3/vxlan-header.h"

#include <iomanip>
#include <sstream>

using namespace ns3;
using namespace vswitchtest;

namespace
{

/// Byte offsets in an untagged Ethernet / IPv4 (no options) / UDP packet.
constexpr std::size_t kIpId = 14 + 4;
constexpr std::size_t kIpChecksum = 14 + 10;
constexpr std::size_t kUdpSrcPort = 14 + 20;
constexpr std::size_t kInner = VxlanHeader::kIpv4Overhead;


/// Bytes as 16 hex pairs a line, for failure messages.
std::string
Hex(const std::vector<uint8_t>& b)
{
    std::ostringstream os;
    for (std::size_t i = 0; i < b.size(); ++i)
    {
        os << (i ? (i % 16 ? " " : "\n") : "") << std::hex << std::setw(2) << std::setfill('0')
           << unsigned(b[i]);
    }
    return os.str();
}

/// The packet with the three per-packet fields zeroed: IP identification, IP checksum and
/// UDP source port.
std::vector<uint8_t>
Masked(std::vector<uint8_t> p)
{
    for (std::size_t at : {kIpId, kIpChecksum, kUdpSrcPort})
    {
        if (p.size() >= at + 2)
        {
            p[at] = p[at + 1] = 0;
        }
    }
    return p;
}

uint16_t
Read16(const std::vector<uint8_t>& b, std::size_t at)
{
    return static_cast<uint16_t>((b[at] << 8) | b[at + 1]);
}

/// Whether the IPv4 header at byte 14 has a correct checksum.
bool
Ipv4ChecksumOk(const std::vector<uint8_t>& b)
{
    uint32_t sum = 0;
    for (std::size_t i = 14; i < 34; i += 2)
    {
        sum += Read16(b, i);
    }
    while (sum >> 16)
    {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    return sum == 0xffff;
}

/// An ICMP echo request of 56 patterned data bytes (98-byte frame) from one VM to another.
std::vector<uint8_t>
EchoFrame(Mac48Address srcMac, Mac48Address dstMac, const char* srcIp, const char* dstIp)
{
    std::vector<uint8_t> data(56);
    for (std::size_t i = 0; i < data.size(); ++i)
    {
        data[i] = static_cast<uint8_t>(0xa0 + i);
    }
    Ptr<Packet> p = Create<Packet>(data.data(), data.size());
    Icmpv4Echo echo;
    echo.SetIdentifier(0x4242);
    echo.SetSequenceNumber(7);
    p->AddHeader(echo);
    Icmpv4Header icmp;
    icmp.SetType(Icmpv4Header::ICMPV4_ECHO);
    icmp.EnableChecksum();
    p->AddHeader(icmp);
    Ipv4Header ip;
    ip.SetSource(Ipv4Address(srcIp));
    ip.SetDestination(Ipv4Address(dstIp));
    ip.SetProtocol(1);
    ip.SetTtl(64);
    ip.SetIdentification(0x77);
    ip.SetPayloadSize(p->GetSize());
    ip.EnableChecksum();
    p->AddHeader(ip);
    EthernetHeader eth;
    eth.SetSource(srcMac);
    eth.SetDestination(dstMac);
    eth.SetLengthType(0x0800);
    p->AddHeader(eth);
    return BytesOf(p);
}

/// A VM sends a whole frame: the vNIC adds the Ethernet header it gets (its own MAC as source).
void
SendFrame(Ptr<NetDevice> vnic, std::vector<uint8_t> frame)
{
    uint8_t d[6];
    std::copy(frame.begin(), frame.begin() + 6, d);
    Mac48Address dst;
    dst.CopyFrom(d);
    vnic->Send(Create<Packet>(frame.data() + 14, frame.size() - 14), dst, Read16(frame, 12));
}

/// A device puts bytes on its cable as they are (source MAC included).
void
SendWire(Ptr<NetDevice> dev, std::vector<uint8_t> frame)
{
    uint8_t d[6];
    uint8_t s[6];
    std::copy(frame.begin(), frame.begin() + 6, d);
    std::copy(frame.begin() + 6, frame.begin() + 12, s);
    Mac48Address dst;
    Mac48Address src;
    dst.CopyFrom(d);
    src.CopyFrom(s);
    dev->SendFrom(Create<Packet>(frame.data() + 14, frame.size() - 14),
                  src,
                  dst,
                  Read16(frame, 12));
}

/// The bytes of every frame a device trace source reports.
struct FrameLog
{
    std::vector<std::vector<uint8_t>> frames;

    FrameLog(Ptr<NetDevice> dev, const std::string& trace)
    {
        dev->TraceConnectWithoutContext(trace, MakeCallback(&FrameLog::Sink, this));
    }

    void Sink(Ptr<const Packet> p)
    {
        frames.push_back(BytesOf(p));
    }

    /// The frames that are IPv4/UDP packets whose payload after the VXLAN header is inner.
    std::vector<std::vector<uint8_t>> Carrying(const std::vector<uint8_t>& inner) const
    {
        std::vector<std::vector<uint8_t>> out;
        for (const auto& f : frames)
        {
            if (f.size() == kInner + inner.size() && Read16(f, 12) == 0x0800 && f[23] == 17 &&
                std::equal(inner.begin(), inner.end(), f.begin() + kInner))
            {
                out.push_back(f);
            }
        }
        return out;
    }
};



/**
 * The Linux tunnel's two ends, simulated: esxi01 (one NIC, Gi0/1) has the VTEP that is the
 * tunnel's "local" end (172.16.10.1, 00:50:56:6a:00:01), esxi02 (Gi0/2) the "remote" one
 * (172.16.10.2, 00:50:56:6a:00:02), both on one distributed switch (MTU 1600) and carrying
 * logical switch 5001 "web"; vmA (192.168.50.1) on esxi01, vmB (192.168.50.2) on esxi02.
 */
class NsxLinuxPeerTest : public SimulationTest
{
  protected:
    void SetUp() override
    {
        h1 = lab.BareHost("esxi01", {"vmnic0"});
        h2 = lab.BareHost("esxi02", {"vmnic0"});
        dvs = CreateObject<DistributedSwitch>();
        dvs->SetAttribute("Name", StringValue("Compute_VDS"));
        dvs->SetAttribute("Mtu", UintegerValue(1600));
        dvs->SetUplinks({"Uplink 1"});
        dvs->AddHost(h1, {{"Uplink 1", "vmnic0"}});
        dvs->AddHost(h2, {{"Uplink 1", "vmnic0"}});
        nsx.AddLogicalSwitch(tunnel.vni, "web");
        v1 = Prepare(h1, tunnel.localIp, tunnel.localMac);
        v2 = Prepare(h2, tunnel.remoteIp, tunnel.remoteMac);
        a = lab.Vm(h1, "web", "192.168.50.1/24", "vmA");
        b = lab.Vm(h2, "web", "192.168.50.2/24", "vmB");
        inner = EchoFrame(Lab::MacOf(a), Lab::MacOf(b), "192.168.50.1", "192.168.50.2");
    }

    Ptr<Vtep> Prepare(Ptr<EsxiHost> h, Ipv4Address ip, Mac48Address mac)
    {
        Vtep::Config c;
        c.ip = ip;
        c.mask = Ipv4Mask(("/" + std::to_string(tunnel.prefixLength)).c_str());
        c.mac = mac;
        return nsx.InstallVtep(h, dvs, c);
    }

    LinuxVxlanTunnel tunnel; //!< VNI 5001, 172.16.10.1/.2, port 4789
    Lab lab;
    Ptr<EsxiHost> h1;
    Ptr<EsxiHost> h2;
    Ptr<DistributedSwitch> dvs;
    NsxHelper nsx;
    Ptr<Vtep> v1;
    Ptr<Vtep> v2;
    Ptr<Node> a;
    Ptr<Node> b;
    std::vector<uint8_t> inner; //!< vmA to vmB, 98 bytes
};

/// Records the frames a VTEP decapsulated (its Decapsulate trace).
void
Decapsulated(std::vector<std::vector<uint8_t>>* log, Ptr<const Packet> inner, uint32_t, Ipv4Address)
{
    log->push_back(BytesOf(inner));
}

} // namespace

// Spec section 9, the outer header: for the same inner frame, VNI and VTEP addresses, the
// packet our VTEP puts on the wire (Ethernet / IPv4 DF TTL 64 / UDP 4789 checksum 0 / VXLAN /
// the frame) is Linux's byte for byte, but for the three fields each side picks per packet;
// those are valid on our side (IP checksum correct, source port the flow's hash in
// 49152-65535); and Linux, as the receiving VTEP, decapsulates our packet to the same frame.
TEST_F(NsxLinuxPeerTest, Encap_OurPacketIsLinuxsButForSourcePortIdentificationAndChecksum)
{
    SKIP_WITHOUT_LINUX_PEER();
    // What esxi01 puts on its cable, as the switch port receives it.
    FrameLog wire(lab.sw->GetPortDevice(lab.SwitchPortOf(h1, "vmnic0")), "PhyRxEnd");
    // Two pings first: the VTEPs resolve each other and esxi01 learns vmB behind 172.16.10.2.
    auto ping = Create<PingCounter>(a, Ipv4Address("192.168.50.2"), Seconds(1), Seconds(2.5));
    Simulator::Schedule(Seconds(3), &SendFrame, Ptr<NetDevice>(Lab::Vnic(a)), inner);
    Simulator::Stop(Seconds(4));
    Simulator::Run();
    ASSERT_EQ(ping->Replies(), 2u);
    bool known = false;
    for (const auto& e : v1->GetTables(tunnel.vni)->GetMacs(Simulator::Now()))
    {
        known |= e.inner == Lab::MacOf(b) && e.outerIp == tunnel.remoteIp;
    }
    ASSERT_TRUE(known) << "esxi01 should know vmB behind 172.16.10.2 (known unicast)";

    auto carrying = wire.Carrying(inner);
    ASSERT_EQ(carrying.size(), 1u) << "one copy of the frame, to the VTEP behind vmB";
    const std::vector<uint8_t>& ours = carrying[0];
    LinuxPeerResult linux = LinuxEncap(inner, tunnel);
    ASSERT_EQ(linux.error, "");
    ASSERT_FALSE(linux.frame.empty()) << "nothing left the Linux VTEP";
    ASSERT_TRUE(WriteEthernetPcap(OutputDir() + "/ours-then-linux.pcap", {ours, linux.frame}));

    ASSERT_EQ(ours.size(), linux.frame.size()) << "ours:\n"
                                               << Hex(ours) << "\nLinux's:\n"
                                               << Hex(linux.frame);
    EXPECT_EQ(Hex(Masked(ours)), Hex(Masked(linux.frame)));
    // The masked fields are right on our side.
    EXPECT_TRUE(Ipv4ChecksumOk(ours)) << Hex(ours);
    EXPECT_TRUE(Ipv4ChecksumOk(linux.frame)) << Hex(linux.frame);
    uint16_t port = Read16(ours, kUdpSrcPort);
    EXPECT_GE(port, 49152);
    EXPECT_EQ(port, v1->SourcePort(Create<Packet>(inner.data(), inner.size())));

    // Linux as esxi02's VTEP (its ends swapped) takes our packet and delivers the frame.
    LinuxVxlanTunnel asReceiver = tunnel;
    std::swap(asReceiver.localIp, asReceiver.remoteIp);
    std::swap(asReceiver.localMac, asReceiver.remoteMac);
    LinuxPeerResult decap = LinuxDecap(ours, asReceiver);
    ASSERT_EQ(decap.error, "");
    EXPECT_EQ(Hex(decap.frame), Hex(inner)) << "Linux did not deliver our packet's frame";
}

// Spec section 9, receiving: "the receiving VTEP strips the outer headers and delivers the
// original frame to the VM". Linux's packet for the frame (from 172.16.10.1 to 172.16.10.2),
// put on the wire by a node on a switch port, is decapsulated by esxi02's VTEP, and vmB
// receives exactly the inner frame, once.
TEST_F(NsxLinuxPeerTest, Decap_OurVtepDeliversTheFrameOfLinuxsPacketToTheVmUnchanged)
{
    SKIP_WITHOUT_LINUX_PEER();
    LinuxPeerResult linux = LinuxEncap(inner, tunnel);
    ASSERT_EQ(linux.error, "");
    ASSERT_FALSE(linux.frame.empty()) << "nothing left the Linux VTEP";
    // Where Linux's VTEP would be cabled: an untagged port in the hosts' native VLAN.
    Ptr<Node> peer = lab.External(1, "");
    FrameLog atB(Lab::Vnic(b), "MacRx");
    std::vector<std::vector<uint8_t>> decapsulated;
    v2->TraceConnectWithoutContext("Decapsulate", MakeBoundCallback(&Decapsulated, &decapsulated));
    Simulator::Schedule(Seconds(1), &SendWire, Lab::Nic(peer), linux.frame);
    Simulator::Stop(Seconds(2));
    Simulator::Run();
    // (vmB's echo reply needs vmA's MAC: its ARP and vmA's reply cross too.)
    ASSERT_FALSE(decapsulated.empty());
    EXPECT_EQ(Hex(decapsulated[0]), Hex(inner)) << "the first packet esxi02 decapsulated";
    EXPECT_EQ(CountOf(decapsulated, inner), 1u);
    EXPECT_EQ(v2->GetCounters().drops.Total(), 0u);
    std::vector<std::vector<uint8_t>> ipv4;
    for (const auto& f : atB.frames)
    {
        if (f.size() >= 14 && Read16(f, 12) == 0x0800)
        {
            ipv4.push_back(f);
        }
    }
    ASSERT_EQ(ipv4.size(), 1u) << "vmB should receive the frame once";
    EXPECT_EQ(Hex(ipv4[0]), Hex(inner));
    // esxi02 learned vmA behind Linux's VTEP.
    bool learned = false;
    for (const auto& e : v2->GetTables(tunnel.vni)->GetMacs(Simulator::Now()))
    {
        learned |= e.inner == Lab::MacOf(a) && e.outerIp == tunnel.localIp;
    }
    EXPECT_TRUE(learned);
}
