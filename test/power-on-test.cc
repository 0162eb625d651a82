/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The power-on schedule (issue: a data centre whose VMs do not all boot in the same
 * nanosecond): a host powers its VMs on one after another, PowerOnInterval apart, and each
 * VM's connect announcement (notify switches) starts at its power-on time.
 */
#include "vswitch-lab.h"

#include <set>
#include <string>
#include <vector>

using namespace ns3;
using namespace vswitchtest;

namespace
{

/// When the RARPs of each MAC left a vSwitch.
struct RarpTimes
{
    std::map<Mac48Address, std::vector<double>> sent;

    static void Sink(RarpTimes* t, uint32_t, Mac48Address mac, const std::string&)
    {
        t->sent[mac].push_back(Simulator::Now().GetSeconds());
    }
};

class PowerOnTest : public SimulationTest
{
  protected:
    /// Port group "PG" (VLAN 100) on \p h, its RARPs recorded in \p t, and \p n VMs on it.
    static std::vector<Ptr<Node>> VmsWithRarps(Lab& lab, Ptr<EsxiHost> h, RarpTimes& t, int n)
    {
        h->AddPortGroup("PG", 100);
        h->GetVSwitch()->TraceConnectWithoutContext("Rarp",
                                                    MakeBoundCallback(&RarpTimes::Sink, &t));
        std::vector<Ptr<Node>> vms;
        for (int i = 0; i < n; ++i)
        {
            vms.push_back(lab.Vm(h, "PG", ""));
        }
        return vms;
    }
};

} // namespace

// The k-th VM added to a host powers on k x PowerOnInterval (100 us) after it was added:
// its five notify-switches RARPs start then, a second apart.
TEST_F(PowerOnTest, PowerOn_TheHostBootsItsVmsOneAfterAnother)
{
    Lab lab;
    Ptr<EsxiHost> h = lab.Host("esxi01");
    RarpTimes t;
    std::vector<Ptr<Node>> vms = VmsWithRarps(lab, h, t, 3);
    Simulator::Stop(Seconds(6));
    Simulator::Run();
    for (int i = 0; i < 3; ++i)
    {
        Mac48Address mac = Lab::MacOf(vms[i]);
        EXPECT_EQ(h->GetVmPowerOnTime(vms[i]), MicroSeconds(100 * i));
        ASSERT_EQ(t.sent[mac].size(), 5u) << "VM " << i;
        EXPECT_DOUBLE_EQ(t.sent[mac][0], 100e-6 * i) << "VM " << i;
        EXPECT_DOUBLE_EQ(t.sent[mac][4], 4 + 100e-6 * i) << "VM " << i;
    }
}

// With PowerOnInterval 0 every VM powers on at once (the all-at-once start).
TEST_F(PowerOnTest, PowerOn_IntervalZeroPowersEveryVmOnAtOnce)
{
    Lab lab;
    Ptr<EsxiHost> h = lab.Host("esxi01");
    h->SetAttribute("PowerOnInterval", TimeValue(Time(0)));
    h->AddPortGroup("PG", 100);
    RarpTimes t;
    h->GetVSwitch()->TraceConnectWithoutContext("Rarp", MakeBoundCallback(&RarpTimes::Sink, &t));
    auto a = lab.Vm(h, "PG", "");
    auto b = lab.Vm(h, "PG", "");
    Simulator::Stop(Seconds(1));
    Simulator::Run();
    EXPECT_DOUBLE_EQ(t.sent[Lab::MacOf(a)].at(0), 0.0);
    EXPECT_DOUBLE_EQ(t.sent[Lab::MacOf(b)].at(0), 0.0);
}

// A VM's own power-on time moves its announcement; one in the past is an error naming it.
TEST_F(PowerOnTest, PowerOn_AVmsOwnTimeMovesItsAnnouncement)
{
    Lab lab;
    Ptr<EsxiHost> h = lab.Host("esxi01");
    h->AddPortGroup("PG", 100);
    RarpTimes t;
    h->GetVSwitch()->TraceConnectWithoutContext("Rarp", MakeBoundCallback(&RarpTimes::Sink, &t));
    auto a = lab.Vm(h, "PG", "", "vmA");
    h->SetVmPowerOnTime(a, Seconds(2.5));
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    ASSERT_EQ(t.sent[Lab::MacOf(a)].size(), 1u) << "the first of its RARPs, by 3 s";
    EXPECT_DOUBLE_EQ(t.sent[Lab::MacOf(a)][0], 2.5);
    std::string err = ErrorOf([&] { h->SetVmPowerOnTime(a, Seconds(1)); });
    EXPECT_NE(err.find("vmA"), std::string::npos) << err;
    EXPECT_NE(err.find("in the past"), std::string::npos) << err;
}

// vswitch-sim adds a host's VMs before it cables the host: a port teamed to its first uplink,
// or moved to the second when that comes up, before its VM powers on is announced at the
// power-on (once: five RARPs a second apart), not when the uplinks come up.
TEST_F(PowerOnTest, PowerOn_AVmAddedBeforeTheUplinksIsAnnouncedAtItsPowerOn)
{
    Lab lab;
    Ptr<EsxiHost> h = lab.esxi.Install(CreateObject<Node>(), {"vmnic0", "vmnic1"}, "esxi01");
    RarpTimes t;
    std::vector<Ptr<Node>> vms = VmsWithRarps(lab, h, t, 3);
    h->SetVmPowerOnTime(vms[2], Seconds(2.5));
    // Cabled after the VMs, as vswitch-sim builds a host.
    lab.sw->SetTrunkPort("Gi0/20", {});
    lab.sw->SetTrunkPort("Gi0/21", {});
    h->ConnectUplink("vmnic0", lab.sw, "Gi0/20");
    h->ConnectUplink("vmnic1", lab.sw, "Gi0/21");
    Simulator::Stop(Seconds(3));
    Simulator::Run();
    const std::vector<double> first = {0, 100e-6, 2.5};
    const std::vector<size_t> byThree = {3, 3, 1};
    std::set<std::string> uplinks;
    for (int i = 0; i < 3; ++i)
    {
        Mac48Address mac = Lab::MacOf(vms[i]);
        ASSERT_FALSE(t.sent[mac].empty()) << "VM " << i << " was never announced";
        EXPECT_DOUBLE_EQ(t.sent[mac][0], first[i]) << "VM " << i;
        EXPECT_EQ(t.sent[mac].size(), byThree[i]) << "VM " << i << ": its RARPs by 3 s";
        uplinks.insert(h->GetVmPort(vms[i])->GetTeamUplink());
    }
    EXPECT_EQ(uplinks.size(), 2u) << "the VMs should be teamed to both uplinks";
}
