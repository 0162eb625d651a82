/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The ESXi vSwitch, spec sections 2-4: forwarding, VLANs, NIC teaming, reverse teaming.
 */
#include "vswitch-lab.h"

using namespace ns3;
using namespace vswitchtest;

namespace
{
class VSwitchTest : public SimulationTest
{
};
} // namespace

TEST_F(VSwitchTest, Smoke_PingBetweenVmsOnTwoHosts)
{
    Lab lab;
    auto h1 = lab.Host("esxi01");
    auto h2 = lab.Host("esxi02");
    h1->AddPortGroup("VM Network", 100);
    h2->AddPortGroup("VM Network", 100);
    auto vm1 = lab.Vm(h1, "VM Network", "192.168.100.11/24");
    auto vm2 = lab.Vm(h2, "VM Network", "192.168.100.12/24");
    auto ping = Create<PingCounter>(vm1, Ipv4Address("192.168.100.12"), Seconds(1), Seconds(4.5));
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_EQ(ping->Replies(), 4u);
}
