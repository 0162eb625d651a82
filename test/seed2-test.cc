/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Seed 2 (spec section 9) as an integration test: the logical switch walked through STEP0-6,
 * with the controller's and the host's tables after each step holding what the seed's hold.
 */
#include "../examples/seed2-lab.h"
#include "test-util.h"

#include <gtest/gtest.h>

using namespace ns3;
using namespace vswitchtest;
using seedlab::Seed2Result;

namespace
{

const std::string&
StepViews(const Seed2Result& r, const std::string& name)
{
    for (const auto& s : r.steps)
    {
        if (s.name == name)
        {
            return s.views;
        }
    }
    static const std::string none;
    ADD_FAILURE() << "no " << name;
    return none;
}

bool
Has(const std::string& text, const std::string& line)
{
    return text.find(line) != std::string::npos;
}

class Seed2Test : public SimulationTest
{
};

} // namespace

// STEP0: the host has netcpa connections to the three controllers on TCP 1234, and the
// vxlan netstack its own routes (default via 192.168.250.2, the connected network) and ARP
// table (the gateway, after the VTEP ping of 1572 data bytes with DF set crossed the
// 1600-byte transport and the router).
TEST_F(Seed2Test, Step0_ControlPlaneConnectionsAndTheVxlanNetstack)
{
    seedlab::Seed2Options o;
    Seed2Result r = seedlab::RunSeed2LogicalSwitch(o);
    const std::string& v = StepViews(r, "STEP0");
    for (const char* c : {"192.168.110.201:1234", "192.168.110.202:1234", "192.168.110.203:1234"})
    {
        EXPECT_TRUE(Has(v, c)) << v;
    }
    EXPECT_TRUE(Has(v, "tcp    192.168.210.51:")) << "from the management address\n" << v;
    EXPECT_TRUE(Has(v, "ESTABLISHED  netcpa-worker")) << v;
    EXPECT_TRUE(Has(v, "default        0.0.0.0        192.168.250.2  vmk3       MANUAL")) << v;
    EXPECT_TRUE(Has(v, "192.168.250.0  255.255.255.0  0.0.0.0        vmk3       MANUAL")) << v;
    EXPECT_TRUE(Has(v, std::string("192.168.250.2  ") + seedlab::kSeed2GatewayMac + "  vmk3    1198 sec")) << v;
    EXPECT_TRUE(Has(v, "Autorefresh")) << v;
    EXPECT_EQ(r.vtepPingReplies, 1u);
}

// STEP1-3: powered on, the VMs' host VTEPs are in the controller's VTEP table (segment
// 192.168.250.0) and each host lists the other's (not its own, not an MTEP in its own
// segment); the guests' MACs and (ARP suppression) IP-MAC bindings reach the controller,
// which is controller-2 (192.168.110.202) for VNI 5001.
TEST_F(Seed2Test, Steps1To3_ControllerTablesFillAsTheVmsPowerOnAndAnnounceThemselves)
{
    seedlab::Seed2Options o;
    Seed2Result r = seedlab::RunSeed2LogicalSwitch(o);
    EXPECT_EQ(r.controllerOfVni, "controller-2");
    const std::string& s1 = StepViews(r, "STEP1");
    EXPECT_TRUE(Has(s1, std::string("5001     192.168.250.51   192.168.250.0    ") + seedlab::kSeed2Vtep1Mac)) << s1;
    EXPECT_TRUE(Has(s1, std::string("5001     192.168.250.52   192.168.250.0    ") + seedlab::kSeed2Vtep2Mac)) << s1;
    EXPECT_TRUE(Has(s1, "192.168.250.52   192.168.250.0    false")) << s1;
    EXPECT_FALSE(Has(s1, "192.168.250.51   192.168.250.0    false")) << "not its own\n" << s1;
    EXPECT_FALSE(Has(s1, "192.168.150.51")) << "esxi03 has no VM on 5001\n" << s1;
    const std::string& s2 = StepViews(r, "STEP2");
    EXPECT_TRUE(Has(s2, std::string("5001     ") + seedlab::kSeed2MacA + "  192.168.250.51")) << s2;
    EXPECT_TRUE(Has(s2, std::string("5001     ") + seedlab::kSeed2MacB + "  192.168.250.52")) << s2;
    const std::string& s3 = StepViews(r, "STEP3");
    EXPECT_TRUE(Has(s3, std::string("5001     172.16.10.11     ") + seedlab::kSeed2MacA)) << s3;
    EXPECT_TRUE(Has(s3, std::string("5001     172.16.10.12     ") + seedlab::kSeed2MacB)) << s3;
}

// STEP4-6: A's ARP request for B is answered by esxi01 from the controller's table (esxi01's
// ARP list now holds B), esxi01 fetched B's MAC entry (outer MAC: esxi02's VTEP, same
// segment), A pings B, and esxi02 learned A behind esxi01's VTEP from the data plane. With
// ARP suppression A's ARP request never crosses the underlay.
TEST_F(Seed2Test, Steps4To6_ArpSuppressedMacFetchedAndThePingCrossesVxlan)
{
    seedlab::Seed2Options o;
    o.outputDir = OutputDir();
    Seed2Result r = seedlab::RunSeed2LogicalSwitch(o);
    const std::string& s4 = StepViews(r, "STEP4");
    EXPECT_TRUE(Has(s4, std::string("172.16.10.12     ") + seedlab::kSeed2MacB)) << s4;
    const std::string& s5 = StepViews(r, "STEP5");
    EXPECT_TRUE(Has(s5, std::string(seedlab::kSeed2MacB) + "  " + seedlab::kSeed2Vtep2Mac + "  192.168.250.52")) << s5;
    const std::string& s6 = StepViews(r, "STEP6");
    EXPECT_TRUE(Has(s6, std::string(seedlab::kSeed2MacA) + "  " + seedlab::kSeed2Vtep1Mac + "  192.168.250.51")) << s6;
    EXPECT_TRUE(Has(s6, "5001     192.168.110.202  Enabled          Enabled")) << s6;
    EXPECT_GE(r.pingsReceived, 4u);
    EXPECT_EQ(r.pingsReceived, r.pingsSent);
    EXPECT_EQ(r.arpSuppressed, 1u);
    EXPECT_EQ(r.arpRequestsOverVxlan, 0u);
    // tshark decodes the underlay capture as VXLAN VNI 5001 carrying A's ICMP to B.
    ASSERT_TRUE(HaveTshark()) << "tshark is needed (apt-get install tshark)";
    auto lines = Tshark(r.underlayPcap, "-Y \"vxlan && icmp\" -T fields -e vxlan.vni -e ip.src -e ip.dst -e icmp.type");
    ASSERT_GE(lines.size(), 8u);
    EXPECT_EQ(lines[0], "5001\t192.168.250.51,172.16.10.11\t192.168.250.52,172.16.10.12\t8");
}

// Without ARP suppression esxi01 answers nothing and A's ARP request crosses the underlay as
// BUM; the controller learns no bindings.
TEST_F(Seed2Test, WithoutArpSuppression_TheRequestCrossesTheUnderlay)
{
    seedlab::Seed2Options o;
    o.arpSuppression = false;
    Seed2Result r = seedlab::RunSeed2LogicalSwitch(o);
    EXPECT_GE(r.arpRequestsOverVxlan, 1u);
    EXPECT_EQ(r.arpSuppressed, 0u);
    EXPECT_EQ(r.pingsReceived, r.pingsSent);
    const std::string& s3 = StepViews(r, "STEP3");
    EXPECT_FALSE(Has(s3, "172.16.10.12")) << s3;
}
