/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The cable between MPI ranks (EthernetRemoteChannel, EthernetMpiHelper) in one process,
 * without mpirun: what a rank does with a frame of its own end, of a shadow end, and of a
 * cable whose two ends it owns. The frame crossing ranks is tested by Mpi.TwoRanks* (CTest,
 * test/mpi-two-ranks-test.sh). Built with VSWITCH_MPI=ON only (vswitch-mpi-tests).
 */
#include "ns3/core-module.h"
#include "ns3/mpi-interface.h"
#include "ns3/mpi-receiver.h"
#include "ns3/network-module.h"
#include "ns3/vswitch-module.h"
#include "ns3/vswitch-mpi-module.h"

#include <gtest/gtest.h>
#include <vector>

using namespace ns3;

namespace
{

/// Receive times at a device.
struct Arrivals
{
    std::vector<Time> times;

    void Sink(Ptr<const Packet>)
    {
        times.push_back(Simulator::Now());
    }
};

void
SendTo(Ptr<EthernetNetDevice> from, Ptr<EthernetNetDevice> to)
{
    from->Send(Create<Packet>(1000), to->GetAddress(), 0x88b5);
}

/// Two devices on nodes of the given system ids, joined by an EthernetRemoteChannel.
class RemoteChannelTest : public ::testing::Test
{
  protected:
    void Build(uint32_t systemA, uint32_t systemB)
    {
        eth.SetDeviceAttribute("DataRate", StringValue("1Gbps"));
        a = eth.CreateDevice(CreateObject<Node>(systemA));
        b = eth.CreateDevice(CreateObject<Node>(systemB));
        channel = CreateObjectWithAttributes<EthernetRemoteChannel>("Delay", StringValue("5us"));
        a->Attach(channel);
        b->Attach(channel);
        b->TraceConnectWithoutContext("PhyRxEnd", MakeCallback(&Arrivals::Sink, &arrivals));
    }

    void TearDown() override
    {
        Simulator::Destroy();
    }

    EthernetHelper eth;
    Ptr<EthernetNetDevice> a;
    Ptr<EthernetNetDevice> b;
    Ptr<EthernetRemoteChannel> channel;
    Arrivals arrivals;
};

} // namespace

TEST_F(RemoteChannelTest, DevicesArePointToPointAndTheLookaheadIsTheDelay)
{
    Build(0, 1);
    // Both distributed engines take cables between ranks from point-to-point devices and
    // read their "Delay" attribute as the lookahead.
    EXPECT_TRUE(channel->IsRemote());
    EXPECT_TRUE(a->IsPointToPoint());
    EXPECT_TRUE(b->IsPointToPoint());
    TimeValue delay;
    channel->GetAttribute("Delay", delay);
    EXPECT_EQ(delay.Get(), MicroSeconds(5));
    EXPECT_TRUE(a->IsLinkUp());
}

TEST_F(RemoteChannelTest, FrameOfAShadowEndIsNotCarried)
{
    // This process is rank 0; node b belongs to rank 1: b here is rank 1's device's shadow.
    Build(0, 1);
    Arrivals atA;
    a->TraceConnectWithoutContext("PhyRxEnd", MakeCallback(&Arrivals::Sink, &atA));
    Simulator::Schedule(Seconds(1), &SendTo, b, a);
    Simulator::Run();
    EXPECT_TRUE(atA.times.empty());
    EXPECT_EQ(channel->GetShadowFrames(), 1u);
    EXPECT_EQ(channel->GetRemoteFrames(), 0u);
}

TEST_F(RemoteChannelTest, BothEndsLocalDeliverAsAnOrdinaryCable)
{
    Build(0, 0);
    Simulator::Schedule(Seconds(1), &SendTo, a, b);
    Simulator::Run();
    ASSERT_EQ(arrivals.times.size(), 1u);
    // 1014 bytes + preamble/SFD 8 + FCS 4 = 1026 bytes = 8208 ns at 1 Gb/s, plus 5 us.
    EXPECT_EQ((arrivals.times[0] - Seconds(1)).GetNanoSeconds(), 8208 + 5000);
    EXPECT_EQ(channel->GetRemoteFrames(), 0u);
    EXPECT_EQ(channel->GetShadowFrames(), 0u);
}

void
SendJumbo(Ptr<EthernetNetDevice> from, Ptr<EthernetNetDevice> to)
{
    // Real bytes: ns-3 serializes a zero-filled payload by its length alone.
    std::vector<uint8_t> data(8000, 0x5a);
    from->Send(Create<Packet>(data.data(), data.size()), to->GetAddress(), 0x88b5);
}

TEST_F(RemoteChannelTest, JumboFrameToAnotherRankIsAClearError)
{
    // ns-3's MPI messages hold 2000 bytes: a jumbo frame of the local end cannot go (it
    // would end in MPI_ERR_TRUNCATE on the other rank).
    Build(0, 1);
    a->SetMtu(9000);
    b->SetMtu(9000);
    Simulator::Schedule(Seconds(1), &SendJumbo, a, b);
    EXPECT_DEATH(Simulator::Run(), "cannot cross MPI ranks");
}

TEST(EthernetMpiHelperTest, WithoutMpiEveryCableIsOrdinary)
{
    ASSERT_FALSE(MpiInterface::IsEnabled());
    EXPECT_EQ(EthernetMpiHelper::GetRank(), 0u);
    EXPECT_EQ(EthernetMpiHelper::GetRanks(), 1u);
    EthernetMpiHelper eth;
    eth.SetChannelAttribute("Delay", StringValue("3us"));
    NetDeviceContainer d = eth.Install(CreateObject<Node>(0), CreateObject<Node>(1));
    Ptr<EthernetChannel> channel = EthernetHelper::GetChannel(d.Get(0));
    ASSERT_TRUE(channel);
    EXPECT_FALSE(channel->IsRemote());
    EXPECT_EQ(channel->GetDelay(), MicroSeconds(3));
    EXPECT_FALSE(d.Get(0)->GetObject<MpiReceiver>());
    EXPECT_TRUE(EthernetMpiHelper::IsLocal(d.Get(0)->GetNode()));
    EXPECT_FALSE(EthernetMpiHelper::IsLocal(d.Get(1)->GetNode()));
    Simulator::Destroy();
}

TEST(EthernetRemoteChannelTest, TypeIdHasTheTraceSourcesAndInheritsTheDelay)
{
    TypeId tid = EthernetRemoteChannel::GetTypeId();
    EXPECT_EQ(tid.GetParent(), EthernetChannel::GetTypeId());
    TypeId::AttributeInformation info;
    EXPECT_TRUE(tid.LookupAttributeByName("Delay", &info));
    EXPECT_TRUE(tid.LookupTraceSourceByName("RemoteTransmit"));
    EXPECT_TRUE(tid.LookupTraceSourceByName("ShadowTransmit"));
}
