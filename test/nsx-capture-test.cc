/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Spec sections 8 and 9 together: pktcap-uw's `--vxlan VNI` filter on a host whose VTEP
 * carries logical switches, and the underlay's VXLAN as Wireshark decodes it. Each test is
 * named after the rule it holds.
 */
#include "vswitch-lab.h"

#include "ns3/distributed-switch.h"
#include "ns3/nsx-helper.h"
#include "ns3/pktcap-helper.h"

#include <map>
#include <set>
#include <sstream>

using namespace ns3;
using namespace vswitchtest;

namespace
{

/// The VNI of an untagged or tagged Ethernet / IPv4 / UDP to 4789 / VXLAN frame, or -1.
int64_t
VniOf(const std::vector<uint8_t>& f)
{
    std::size_t at = 12;
    if (f.size() >= 18 && f[12] == 0x81 && f[13] == 0x00)
    {
        at = 16;
    }
    if (f.size() < at + 2 || f[at] != 0x08 || f[at + 1] != 0x00)
    {
        return -1;
    }
    std::size_t ip = at + 2;
    if (f.size() < ip + 20 || f[ip + 9] != 17)
    {
        return -1;
    }
    std::size_t udp = ip + (f[ip] & 0x0f) * 4;
    if (f.size() < udp + 16 || ((f[udp + 2] << 8) | f[udp + 3]) != 4789)
    {
        return -1;
    }
    const uint8_t* vx = f.data() + udp + 8;
    return (int64_t(vx[4]) << 16) | (vx[5] << 8) | vx[6];
}

/// Frames of a pcap file by VNI (-1: not VXLAN).
std::map<int64_t, std::size_t>
CountByVni(const std::string& file)
{
    std::map<int64_t, std::size_t> n;
    for (const auto& r : ReadPcap(file))
    {
        ++n[VniOf(r.data)];
    }
    return n;
}

/// A permanent entry in a VM's ARP cache, as `arp -s` makes it.
void
StaticArp(Ptr<Node> vm, Ipv4Address ip, Mac48Address mac)
{
    Ptr<Ipv4L3Protocol> ipv4 = vm->GetObject<Ipv4L3Protocol>();
    int32_t i = ipv4->GetInterfaceForDevice(Lab::Vnic(vm));
    ASSERT_GE(i, 0);
    Ptr<ArpCache> cache = ipv4->GetInterface(i)->GetArpCache();
    ArpCache::Entry* e = cache->Lookup(ip);
    if (!e)
    {
        e = cache->Add(ip);
    }
    e->SetMacAddress(mac);
    e->MarkPermanent();
}

/**
 * Two hosts (one NIC each, Gi0/1 and Gi0/2) on one distributed switch (MTU 1600), VTEPs
 * 172.16.10.1 and 172.16.10.2 (vmk3), logical switches 5001 "web" and 5002 "app".
 */
class NsxCaptureTest : public SimulationTest
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
        nsx.AddLogicalSwitch(5001, "web");
        nsx.AddLogicalSwitch(5002, "app");
        v1 = Prepare(h1, "172.16.10.1");
        v2 = Prepare(h2, "172.16.10.2");
        dir = OutputDir();
        pktcap.SetOutputDirectory(dir);
    }

    Ptr<Vtep> Prepare(Ptr<EsxiHost> h, const char* ip)
    {
        Vtep::Config c;
        c.ip = Ipv4Address(ip);
        return nsx.InstallVtep(h, dvs, c);
    }

    void Run(double seconds)
    {
        Simulator::Stop(Seconds(seconds));
        Simulator::Run();
    }

    Lab lab;
    Ptr<EsxiHost> h1;
    Ptr<EsxiHost> h2;
    Ptr<DistributedSwitch> dvs;
    NsxHelper nsx;
    Ptr<Vtep> v1;
    Ptr<Vtep> v2;
    PktcapHelper pktcap;
    std::string dir;
};

/// NsxCaptureTest with NSX-V's VXLAN port: the VTEPs made with UdpPort 8472.
class NsxCaptureNsxvPortTest : public NsxCaptureTest
{
  protected:
    void SetUp() override
    {
        nsx.SetVtepAttribute("UdpPort", UintegerValue(8472));
        NsxCaptureTest::SetUp();
    }
};

} // namespace

// Spec section 9: the VTEP's UDP port is an attribute (IANA's 4789 by default, NSX-V's 8472):
// with 8472 every VXLAN packet on the underlay goes to 8472 (none to 4789), and the VTEPs
// still understand each other.
TEST_F(NsxCaptureNsxvPortTest, Tshark_VtepUdpPortAttributeNsxv8472IsTheOuterDestinationPort)
{
    ASSERT_TRUE(HaveTshark()) << "tshark is needed to check pcaps (apt-get install tshark)";
    auto a = lab.Vm(h1, "web", "192.168.50.1/24", "vmA");
    auto b = lab.Vm(h2, "web", "192.168.50.2/24", "vmB");
    PhysicalSwitchHelper pswitch;
    const std::string port = lab.SwitchPortOf(h1, "vmnic0");
    pswitch.EnablePortPcap(dir + "/underlay", lab.sw, port);
    auto ab = Create<PingCounter>(a, Ipv4Address("192.168.50.2"), Seconds(1), Seconds(4.5));
    Run(5);
    ASSERT_EQ(ab->Replies(), 4u) << "VTEPs on 8472 talk to each other";
    Simulator::Destroy(); // closes the pcap
    const std::string file =
        PhysicalSwitchHelper::GetPortPcapFilename(dir + "/underlay", lab.sw, port);
    // Wireshark decodes 4789 as VXLAN by itself; 8472 is told with -d.
    auto outer = Tshark(file,
                        "-d udp.port==8472,vxlan -Y 'vxlan && icmp' -T fields -E occurrence=f "
                        "-e udp.dstport -e vxlan.vni");
    ASSERT_GE(outer.size(), 8u) << "4 requests and 4 replies (and the ARP) inside VXLAN";
    for (const auto& line : outer)
    {
        EXPECT_EQ(line, "8472\t5001");
    }
    EXPECT_TRUE(Tshark(file, "-Y 'udp.port==4789' -T fields -e frame.number").empty())
        << "nothing to the IANA port";
}

// Spec section 8, `--vxlan VNI`: at the VTEP's uplink and at its vmknic, both directions, the
// filter keeps exactly the outer VXLAN frames of that VNI (as many as an unfiltered session
// sees there) and drops the others: the other VNI's, and the underlay's ARP and RARP.
TEST_F(NsxCaptureTest, PktcapVxlan_KeepsTheVnisOuterFramesAtTheUplinkAndTheVmknic)
{
    auto a = lab.Vm(h1, "web", "192.168.50.1/24", "vmA");
    lab.Vm(h2, "web", "192.168.50.2/24", "vmB");
    auto c = lab.Vm(h1, "app", "192.168.60.1/24", "vmC");
    lab.Vm(h2, "app", "192.168.60.2/24", "vmD");
    for (const std::string where : {"--uplink vmnic0", "--vmk vmk3"})
    {
        const std::string name = where == "--vmk vmk3" ? "vmk3" : "vmnic0";
        pktcap.Capture(h1, where + " --dir 2 -o " + name + "-all.pcap");
        pktcap.Capture(h1, where + " --dir 2 --vxlan 5001 -o " + name + "-5001.pcap");
        pktcap.Capture(h1, where + " --dir 2 --vxlan 0x138a -o " + name + "-5002.pcap");
    }
    auto web = Create<PingCounter>(a, Ipv4Address("192.168.50.2"), Seconds(1), Seconds(3.5));
    auto app = Create<PingCounter>(c, Ipv4Address("192.168.60.2"), Seconds(1.2), Seconds(3.7));
    Run(4);
    pktcap.StopAll();
    ASSERT_EQ(web->Replies(), 3u);
    ASSERT_EQ(app->Replies(), 3u);
    for (const std::string name : {"vmnic0", "vmk3"})
    {
        SCOPED_TRACE(name);
        auto all = CountByVni(dir + "/" + name + "-all.pcap");
        ASSERT_GE(all[5001], 6u) << "3 echo requests out, 3 replies in";
        ASSERT_GE(all[5002], 6u);
        ASSERT_GT(all[-1], 0u) << "the VTEPs' own ARP crosses too";
        for (int64_t vni : {5001, 5002})
        {
            auto kept = CountByVni(dir + "/" + name + "-" + std::to_string(vni) + ".pcap");
            EXPECT_EQ(kept.size(), 1u) << "only VNI " << vni << " is kept";
            EXPECT_EQ(kept[vni], all[vni]) << "every frame of VNI " << vni << " is kept";
        }
    }
}

// Spec section 8: pktcap-uw's --vxlan filters encapsulated traffic. At a VM's port the frames
// are the inner ones (no outer UDP to the VXLAN port), so `--vxlan` of the VM's own VNI
// matches nothing there, while the same session without it sees the VM's traffic.
TEST_F(NsxCaptureTest, PktcapVxlan_MatchesNothingAtAVmsPortWhereTheFramesAreInner)
{
    auto a = lab.Vm(h1, "web", "192.168.50.1/24", "vmA");
    lab.Vm(h2, "web", "192.168.50.2/24", "vmB");
    auto all = pktcap.CaptureVm(h1, a, 0, "--dir 2 -o vm-all.pcap");
    auto vxlan = pktcap.CaptureVm(h1, a, 0, "--dir 2 --vxlan 5001 -o vm-5001.pcap");
    auto uplink = pktcap.Capture(h1, "--uplink vmnic0 --dir 2 --vxlan 5001 -o up-5001.pcap");
    auto ping = Create<PingCounter>(a, Ipv4Address("192.168.50.2"), Seconds(1), Seconds(3.5));
    Run(4);
    pktcap.StopAll();
    ASSERT_EQ(ping->Replies(), 3u);
    EXPECT_GE(all->GetFrameCount(), 6u) << "the VM's echo requests and replies";
    EXPECT_EQ(vxlan->GetFrameCount(), 0u);
    EXPECT_TRUE(ReadPcap(dir + "/vm-5001.pcap").empty());
    EXPECT_GE(uplink->GetFrameCount(), 6u) << "the same traffic, encapsulated, at the uplink";
}

// Spec section 9, the outer header, as Wireshark decodes a VM-to-VM ping on the wire between
// the hosts: every IPv4 frame is eth/ip/udp/vxlan/eth/ip/icmp with VNI 5001, the outer DF set,
// TTL 64, UDP checksum 0x0000, valid IP checksums outside and inside; nothing else but ARP
// crosses; and the UDP source port (RFC 7348 entropy, 49152-65535) is one per inner flow and
// differs between flows (two VM pairs, each direction a flow).
TEST_F(NsxCaptureTest, Tshark_UnderlayIsVxlanVni5001DfTtl64NoUdpChecksumAndOnePortPerFlow)
{
    ASSERT_TRUE(HaveTshark()) << "tshark is needed to check pcaps (apt-get install tshark)";
    auto a = lab.Vm(h1, "web", "192.168.50.1/24", "vmA");
    auto b = lab.Vm(h2, "web", "192.168.50.2/24", "vmB");
    auto c = lab.Vm(h1, "web", "192.168.50.3/24", "vmC");
    auto d = lab.Vm(h2, "web", "192.168.50.4/24", "vmD");
    // Static ARP in the guests: only the pings cross inside VXLAN.
    const std::pair<Ptr<Node>, Ptr<Node>> pairs[] = {{a, b}, {c, d}};
    for (const auto& [x, y] : pairs)
    {
        StaticArp(x, y->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal(), Lab::MacOf(y));
        StaticArp(y, x->GetObject<Ipv4>()->GetAddress(1, 0).GetLocal(), Lab::MacOf(x));
    }
    PhysicalSwitchHelper pswitch;
    const std::string port = lab.SwitchPortOf(h1, "vmnic0");
    pswitch.EnablePortPcap(dir + "/underlay", lab.sw, port);
    auto ab = Create<PingCounter>(a, Ipv4Address("192.168.50.2"), Seconds(1), Seconds(4.5));
    auto cd = Create<PingCounter>(c, Ipv4Address("192.168.50.4"), Seconds(1.3), Seconds(4.8));
    Run(5);
    ASSERT_EQ(ab->Replies(), 4u);
    ASSERT_EQ(cd->Replies(), 4u);
    Simulator::Destroy(); // closes the pcap
    const std::string file =
        PhysicalSwitchHelper::GetPortPcapFilename(dir + "/underlay", lab.sw, port);

    auto protocols = Tshark(file, "-Y ip -T fields -e frame.protocols");
    ASSERT_EQ(protocols.size(), 16u) << "4 requests and 4 replies for each pair";
    for (const auto& p : protocols)
    {
        EXPECT_EQ(p, "eth:ethertype:ip:udp:vxlan:eth:ethertype:ip:icmp:data");
    }
    EXPECT_TRUE(Tshark(file, "-Y '!ip && !arp' -T fields -e frame.protocols").empty());

    auto outer = Tshark(file,
                        "-Y ip -T fields -E occurrence=f -e vxlan.vni -e ip.flags.df -e ip.ttl "
                        "-e udp.checksum");
    ASSERT_EQ(outer.size(), 16u);
    for (const auto& line : outer)
    {
        EXPECT_EQ(line, "5001\t1\t64\t0x0000");
    }
    // Both IPv4 headers of every frame, checked by Wireshark (1: good).
    auto checks = Tshark(file, "-o ip.check_checksum:TRUE -Y ip -T fields -e ip.checksum.status");
    ASSERT_EQ(checks.size(), 16u);
    for (const auto& line : checks)
    {
        EXPECT_EQ(line, "1,1");
    }

    // Inner flow (inner source and destination IP) -> the outer source ports it was sent with.
    std::map<std::string, std::set<uint32_t>> ports;
    for (const auto& line :
         Tshark(file, "-Y ip -T fields -E occurrence=l -e ip.src -e ip.dst -e udp.srcport"))
    {
        std::istringstream is(line);
        std::string src;
        std::string dst;
        uint32_t sport = 0;
        is >> src >> dst >> sport;
        ports[src + ">" + dst].insert(sport);
    }
    ASSERT_EQ(ports.size(), 4u) << "a>b, b>a, c>d, d>c";
    std::set<uint32_t> distinct;
    for (const auto& [flow, set] : ports)
    {
        ASSERT_EQ(set.size(), 1u) << flow << ": one source port for all its packets";
        EXPECT_GE(*set.begin(), 49152u) << flow;
        EXPECT_LE(*set.begin(), 65535u) << flow;
        distinct.insert(*set.begin());
    }
    EXPECT_EQ(distinct.size(), 4u) << "each flow its own source port";
}
