/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Real hosts in the loop: the tap port (frames pass unchanged between a simulated device and
 * a Linux tap, 802.1Q tags included), its preflight messages, and the real-time lag monitor.
 * The tap tests need CAP_NET_ADMIN and a network namespace of their own (unshare); without
 * them they are skipped with the reason.
 */
#include "test-util.h"

#include "ns3/config-error.h"
#include "ns3/core-module.h"
#include "ns3/ethernet-helper.h"
#include "ns3/ethernet-net-device.h"
#include "ns3/ethernet-vlan-header.h"
#include "ns3/network-module.h"
#include "ns3/realtime-lag-monitor.h"
#include "ns3/tap-port-helper.h"
#include "ns3/tap-port.h"

#include <arpa/inet.h>
#include <chrono>
#include <cstring>
#include <gtest/gtest.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

using namespace ns3;
using namespace vswitchtest;

namespace
{

/// Runs each test on the real-time scheduler and puts the default one back afterwards.
class RealtimeTest : public SimulationTest
{
  protected:
    void SetUp() override
    {
        Simulator::Destroy();
        GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::RealtimeSimulatorImpl"));
    }

    void TearDown() override
    {
        SimulationTest::TearDown();
        GlobalValue::Bind("SimulatorImplementationType", StringValue("ns3::DefaultSimulatorImpl"));
    }
};

/// A frame of a given size: destination, source, optional 802.1Q tag, EtherType, counting bytes.
std::vector<uint8_t>
MakeFrame(uint16_t vlan, std::size_t size, uint8_t seed)
{
    std::vector<uint8_t> f =
        {0x00, 0x50, 0x56, 0x11, 0x22, 0x33, 0x00, 0x50, 0x56, 0x44, 0x55, 0x66};
    if (vlan != 0)
    {
        f.insert(f.end(), {0x81, 0x00, uint8_t(0x60 | (vlan >> 8)), uint8_t(vlan & 0xff)});
    }
    f.insert(f.end(), {0x88, 0xb5}); // local experimental EtherType
    while (f.size() < size)
    {
        f.push_back(uint8_t(seed + f.size()));
    }
    return f;
}

/// What the far end of the cable and the Linux side saw.
struct Seen
{
    std::vector<std::vector<uint8_t>> atDevice; //!< frames that reached the simulated peer
    std::vector<std::vector<uint8_t>> atLinux;  //!< frames the kernel got from the tap
    int sock{-1};                               //!< packet socket on the tap
};

/// \return whether a frame is one of the test's (its EtherType, tagged or not), not one the
///         kernel sends by itself on a new interface (IPv6 router solicitations, MLD)
bool
IsTestFrame(const std::vector<uint8_t>& f)
{
    auto at = [&f](std::size_t i) { return f.size() > i + 1 ? (f[i] << 8) | f[i + 1] : 0; };
    return at(12) == 0x88b5 || (at(12) == 0x8100 && at(16) == 0x88b5);
}

void
PeerReceives(Seen* seen, Ptr<L2NetDevice>, Ptr<Packet> frame, const EthernetVlanHeader&)
{
    std::vector<uint8_t> bytes = BytesOf(frame);
    if (IsTestFrame(bytes))
    {
        seen->atDevice.push_back(bytes);
    }
}

void
PeerSends(Ptr<EthernetNetDevice> peer, std::vector<uint8_t> bytes)
{
    Ptr<Packet> p = Create<Packet>(bytes.data(), bytes.size());
    EthernetVlanHeader h;
    p->PeekHeader(h);
    peer->SendFrame(p, h);
}

/// A frame sent by the Linux side onto the tap (as a VLAN sub-interface would send it).
void
LinuxSends(Seen* seen, std::vector<uint8_t> bytes)
{
    ASSERT_EQ(send(seen->sock, bytes.data(), bytes.size(), 0), ssize_t(bytes.size()))
        << std::strerror(errno);
}

/// Read what the kernel received on the tap; the kernel keeps a received tag in the
/// packet's metadata (PACKET_AUXDATA), so it is put back where it was on the wire.
void
LinuxReceives(Seen* seen)
{
    for (;;)
    {
        uint8_t buf[2048];
        uint8_t control[CMSG_SPACE(sizeof(tpacket_auxdata))];
        struct sockaddr_ll from;
        struct iovec iov = {buf, sizeof(buf)};
        struct msghdr msg;
        std::memset(&msg, 0, sizeof(msg));
        msg.msg_name = &from;
        msg.msg_namelen = sizeof(from);
        msg.msg_iov = &iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control;
        msg.msg_controllen = sizeof(control);
        ssize_t n = recvmsg(seen->sock, &msg, MSG_DONTWAIT);
        if (n <= 0)
        {
            return;
        }
        if (from.sll_pkttype == PACKET_OUTGOING)
        {
            continue;
        }
        std::vector<uint8_t> frame(buf, buf + n);
        for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c))
        {
            if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA)
            {
                tpacket_auxdata aux;
                std::memcpy(&aux, CMSG_DATA(c), sizeof(aux));
                if (aux.tp_status & TP_STATUS_VLAN_VALID)
                {
                    uint16_t tpid =
                        (aux.tp_status & TP_STATUS_VLAN_TPID_VALID) ? aux.tp_vlan_tpid : 0x8100;
                    frame.insert(frame.begin() + 12,
                                 {uint8_t(tpid >> 8),
                                  uint8_t(tpid),
                                  uint8_t(aux.tp_vlan_tci >> 8),
                                  uint8_t(aux.tp_vlan_tci)});
                }
            }
        }
        if (IsTestFrame(frame))
        {
            seen->atLinux.push_back(frame);
        }
    }
}

/// A network namespace of this test process's own, or why not.
std::string
OwnNetworkNamespace()
{
    if (!TapPort::HasNetAdmin())
    {
        return "needs CAP_NET_ADMIN (run as root)";
    }
    if (unshare(CLONE_NEWNET) != 0)
    {
        return std::string("cannot make a network namespace: ") + std::strerror(errno);
    }
    return "";
}

} // namespace

TEST(TapPort, Preflight_NamesAMissingTapAndSaysHowToMakeIt)
{
    if (!TapPort::HasNetAdmin())
    {
        EXPECT_NE(TapPort::Preflight("vswnone0", false).find("lacks CAP_NET_ADMIN"),
                  std::string::npos);
        GTEST_SKIP() << "not root: only the privilege message was checked";
    }
    std::string m = TapPort::Preflight("vswnone0", false);
    EXPECT_NE(m.find("no interface vswnone0 in this network namespace"), std::string::npos) << m;
    EXPECT_NE(m.find("ip tuntap add vswnone0 mode tap"), std::string::npos) << m;
    EXPECT_EQ(TapPort::Preflight("vswnone0", true), "") << "free to create";
    m = TapPort::Preflight("lo", false);
    EXPECT_NE(m.find("interface lo is not a tap"), std::string::npos) << m;
    m = TapPort::Preflight("lo", true);
    EXPECT_NE(m.find("interface lo exists already"), std::string::npos) << m;
}

TEST(TapPort, Preflight_RefusesANameLinuxCannotHave)
{
    for (const char* name : {"", "a-name-of-16-chr", "with/slash", "with space", "eth0:1"})
    {
        std::string m = TapPort::Preflight(name, true);
        EXPECT_NE(m.find("cannot name a Linux interface"), std::string::npos) << name << ": " << m;
    }
}

TEST_F(SimulationTest, TapPort_OpenRefusesTheDefaultScheduler)
{
    Ptr<Node> node = CreateObject<Node>();
    EthernetHelper eth;
    Ptr<EthernetNetDevice> dev = eth.CreateDevice(node);
    Ptr<TapPort> tap = CreateObject<TapPort>();
    try
    {
        tap->Open(dev, "vswt0", true);
        FAIL() << "opened a tap on the default scheduler";
    }
    catch (const ConfigError& e)
    {
        EXPECT_NE(std::string(e.what()).find("needs the real-time scheduler"), std::string::npos)
            << e.what();
    }
}

TEST_F(RealtimeTest, TapPort_FramesPassUnchangedBothWaysWithTheirVlanTag)
{
    std::string why = OwnNetworkNamespace();
    if (!why.empty())
    {
        GTEST_SKIP() << "tap round trip: " << why;
    }
    Ptr<Node> a = CreateObject<Node>();
    Ptr<Node> b = CreateObject<Node>();
    EthernetHelper eth;
    NetDeviceContainer devs = eth.Install(a, b);
    Ptr<EthernetNetDevice> tapSide = DynamicCast<EthernetNetDevice>(devs.Get(0));
    Ptr<EthernetNetDevice> peer = DynamicCast<EthernetNetDevice>(devs.Get(1));
    Seen seen;
    peer->SetFrameReceiveCallback(MakeBoundCallback(&PeerReceives, &seen));

    TapPortHelper helper;
    helper.SetCreate(true);
    Ptr<TapPort> tap = helper.Attach(tapSide, "vswt0");
    tap->ConfigureLinux("");
    EXPECT_EQ(tapSide->GetObject<TapPort>(), tap) << "aggregated to its device";

    seen.sock = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
    ASSERT_GE(seen.sock, 0) << std::strerror(errno);
    struct sockaddr_ll sll;
    std::memset(&sll, 0, sizeof(sll));
    sll.sll_family = AF_PACKET;
    sll.sll_protocol = htons(ETH_P_ALL);
    sll.sll_ifindex = static_cast<int>(if_nametoindex("vswt0"));
    ASSERT_GT(sll.sll_ifindex, 0);
    ASSERT_EQ(bind(seen.sock, reinterpret_cast<sockaddr*>(&sll), sizeof(sll)), 0);
    int one = 1;
    ASSERT_EQ(setsockopt(seen.sock, SOL_PACKET, PACKET_AUXDATA, &one, sizeof(one)), 0);

    // Simulation -> Linux: an untagged and a tagged frame; Linux -> simulation: the same.
    const std::vector<uint8_t> simUntagged = MakeFrame(0, 64, 1);
    const std::vector<uint8_t> simTagged = MakeFrame(100, 128, 2);
    const std::vector<uint8_t> linuxUntagged = MakeFrame(0, 80, 3);
    const std::vector<uint8_t> linuxTagged = MakeFrame(100, 1518, 4);
    Simulator::Schedule(MilliSeconds(50), &PeerSends, peer, simUntagged);
    Simulator::Schedule(MilliSeconds(60), &PeerSends, peer, simTagged);
    Simulator::Schedule(MilliSeconds(100), &LinuxSends, &seen, linuxUntagged);
    Simulator::Schedule(MilliSeconds(110), &LinuxSends, &seen, linuxTagged);
    Simulator::Schedule(MilliSeconds(250), &LinuxReceives, &seen);
    Simulator::Stop(MilliSeconds(300));
    auto start = std::chrono::steady_clock::now();
    Simulator::Run();
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    close(seen.sock);

    EXPECT_GE(wall, 0.29) << "the run followed the wall clock";
    ASSERT_EQ(seen.atLinux.size(), 2u) << "both simulated frames reached the kernel";
    EXPECT_EQ(seen.atLinux[0], simUntagged);
    EXPECT_EQ(seen.atLinux[1], simTagged) << "the 802.1Q tag of VLAN 100 is kept";
    ASSERT_EQ(seen.atDevice.size(), 2u) << "both Linux frames reached the simulated peer";
    EXPECT_EQ(seen.atDevice[0], linuxUntagged);
    EXPECT_EQ(seen.atDevice[1], linuxTagged) << "the 802.1Q tag of VLAN 100 is kept";
    EXPECT_GE(tap->GetFramesIn(), 2u) << "the test's frames, and what the kernel sent itself";
    EXPECT_EQ(tap->GetFramesOut(), 2u);
    EXPECT_EQ(tap->GetWriteErrors(), 0u);
    Simulator::Destroy();
    EXPECT_EQ(TapPort::Preflight("vswt0", true), "") << "a created tap is gone once stopped";
}

TEST_F(RealtimeTest, TapPort_ShortFramesFromLinuxArePaddedTo60Bytes)
{
    std::string why = OwnNetworkNamespace();
    if (!why.empty())
    {
        GTEST_SKIP() << "tap padding: " << why;
    }
    Ptr<Node> a = CreateObject<Node>();
    Ptr<Node> b = CreateObject<Node>();
    EthernetHelper eth;
    NetDeviceContainer devs = eth.Install(a, b);
    Seen seen;
    DynamicCast<EthernetNetDevice>(devs.Get(1))
        ->SetFrameReceiveCallback(MakeBoundCallback(&PeerReceives, &seen));
    TapPortHelper helper;
    helper.SetCreate(true);
    Ptr<TapPort> tap = helper.Attach(DynamicCast<L2NetDevice>(devs.Get(0)), "vswt1");
    tap->ConfigureLinux("");
    seen.sock = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));
    ASSERT_GE(seen.sock, 0);
    struct sockaddr_ll sll;
    std::memset(&sll, 0, sizeof(sll));
    sll.sll_family = AF_PACKET;
    sll.sll_ifindex = static_cast<int>(if_nametoindex("vswt1"));
    ASSERT_EQ(bind(seen.sock, reinterpret_cast<sockaddr*>(&sll), sizeof(sll)), 0);
    const std::vector<uint8_t> shortFrame = MakeFrame(0, 42, 5); // an ARP's size
    Simulator::Schedule(MilliSeconds(20), &LinuxSends, &seen, shortFrame);
    Simulator::Stop(MilliSeconds(100));
    Simulator::Run();
    close(seen.sock);
    ASSERT_EQ(seen.atDevice.size(), 1u);
    std::vector<uint8_t> padded = shortFrame;
    padded.resize(60, 0);
    EXPECT_EQ(seen.atDevice[0], padded) << "Ethernet's minimum, zero padding, nothing else";
}

TEST_F(SimulationTest, RealtimeLagMonitor_StartRefusesTheDefaultScheduler)
{
    Ptr<RealtimeLagMonitor> m = CreateObject<RealtimeLagMonitor>();
    EXPECT_THROW(m->Start(), ConfigError);
}

TEST_F(RealtimeTest, RealtimeLagMonitor_AnIdleRunKeepsUpWithTheWallClock)
{
    Ptr<RealtimeLagMonitor> m = TapPortHelper::MonitorLag(MilliSeconds(10), MilliSeconds(100));
    Simulator::Stop(MilliSeconds(505));
    Simulator::Run();
    EXPECT_EQ(m->GetSampleCount(), 50u);
    EXPECT_LT(m->GetMaxLag(), MilliSeconds(100)) << m->GetMaxLag().As(Time::MS);
    EXPECT_EQ(m->GetLateCount(), 0u);
}

namespace
{
/// An event that takes wall-clock time: the simulation cannot keep up while it runs.
void
Busy(double seconds)
{
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (std::chrono::steady_clock::now() < until)
    {
    }
}
} // namespace

TEST_F(RealtimeTest, RealtimeLagMonitor_CountsLateSamplesWhenTheSimulationFallsBehind)
{
    Ptr<RealtimeLagMonitor> m = TapPortHelper::MonitorLag(MilliSeconds(10), MilliSeconds(20));
    Simulator::Schedule(MilliSeconds(100), &Busy, 0.15);
    Simulator::Stop(MilliSeconds(505));
    Simulator::Run();
    EXPECT_GE(m->GetMaxLag(), MilliSeconds(120)) << m->GetMaxLag().As(Time::MS);
    EXPECT_GE(m->GetLateCount(), 5u) << "the samples due while the busy event ran were late";
    EXPECT_GE(m->GetMaxLagAt(), MilliSeconds(100));
    EXPECT_LE(m->GetMaxLagAt(), MilliSeconds(260));
    EXPECT_EQ(m->GetSampleCount(), 50u) << "best effort: late samples run, none is lost";
}
