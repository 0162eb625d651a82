/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Frame accounting: each frame a device takes in ends forwarded, delivered, queued or dropped
 * with a reason (FrameLedger), on every device, in unit cases, in every seed case and in
 * every example scenario.
 */
#include "../examples/seed-labs.h"
#include "../examples/seed2-lab.h"
#include "test-util.h"

#include "ns3/frame-accounting.h"
#include "ns3/vswitch-module.h"

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace ns3;
using namespace vswitchtest;

namespace fs = std::filesystem;
namespace json = boost::json;

namespace
{

class FrameAccountingTest : public SimulationTest
{
  protected:
    void TearDown() override
    {
        SimulationTest::TearDown();
        Names::Clear(); // the seed fabric names its VMs
    }

    /// Every unbalanced ledger of the simulation, printed (empty when all balance).
    static std::string Unbalanced()
    {
        std::ostringstream os;
        for (const FrameAccount& a : FrameAccounting::Unbalanced())
        {
            FrameAccounting::Print(os, a);
            os << "\n";
        }
        return os.str();
    }

    EthernetHelper eth;
};

/// Expect a seed run's accounting to balance, and something to have been counted.
void
ExpectBalanced(const seedlab::FrameCheck& c, const std::string& what)
{
    SCOPED_TRACE(what);
    std::cout << what << ": " << c.framesIn << " frames in\n";
    EXPECT_GT(c.framesIn, 0u) << "no frame was counted: is the accounting running?";
    std::string lines;
    for (const auto& l : c.unbalanced)
    {
        lines += l + "\n";
    }
    EXPECT_TRUE(c.unbalanced.empty()) << lines;
}

uint64_t
Num(const json::object& o, const char* key)
{
    return o.at(key).to_number<uint64_t>();
}

} // namespace

// A NIC's transmit ledger: frames handed to it are on the wire, in its queue or dropped
// (queue-full, link-down when the cable is cut with frames waiting), at every instant.
TEST_F(FrameAccountingTest, Nic_TransmitLedgerBalancesWithFramesQueuedAndDropped)
{
    NodeContainer nodes;
    nodes.Create(2);
    eth.SetQueue("ns3::DropTailQueue<Packet>", "MaxSize", StringValue("4p"));
    eth.SetDeviceAttribute("DataRate", DataRateValue(DataRate("1Gbps"))); // 11.4 us a frame
    NetDeviceContainer devs = eth.Install(nodes);
    auto a = DynamicCast<EthernetNetDevice>(devs.Get(0));
    auto b = DynamicCast<EthernetNetDevice>(devs.Get(1));
    Mac48Address to = Mac48Address::ConvertFrom(b->GetAddress());
    for (int i = 0; i < 10; ++i)
    {
        Simulator::Schedule(Seconds(1), &SendRaw, a, to, 1400);
    }
    FrameLedger mid;
    Simulator::Schedule(Seconds(1) + NanoSeconds(1), [&]() { mid = a->GetTxLedger(); });
    // Two frame times later the cable is cut: what still waits is dropped link-down.
    Simulator::Schedule(Seconds(1) + MicroSeconds(20), [&]() {
        DynamicCast<EthernetChannel>(a->GetChannel())->SetConnected(false);
    });
    Simulator::Run();
    EXPECT_EQ(mid.in, 10u);
    EXPECT_EQ(mid.forwarded, 1u);
    EXPECT_EQ(mid.queued, 4u);
    EXPECT_EQ(mid.dropped.Get(DropReason::QueueFull), 5u);
    EXPECT_TRUE(mid.Balanced());
    FrameLedger end = a->GetTxLedger();
    EXPECT_EQ(end.queued, 0u);
    EXPECT_GT(end.dropped.Get(DropReason::LinkDown), 0u);
    EXPECT_TRUE(end.Balanced()) << end.in << " in, " << end.Accounted() << " accounted";
    // The receiver delivered what arrived whole to its node.
    FrameLedger rx = b->GetRxLedger();
    EXPECT_EQ(rx.in, end.forwarded);
    EXPECT_TRUE(rx.Balanced());
    EXPECT_EQ(Unbalanced(), "");
}

// A physical switch: a broadcast flooded into a VLAN with no other port up ends there, with
// the reason no-egress (on the Drop trace and in the ledger), not silently.
TEST_F(FrameAccountingTest, PhysicalSwitch_AFloodWithNoOtherPortUpIsDroppedNoEgress)
{
    PhysicalSwitchHelper helper;
    helper.SetSwitchAttribute("Name", StringValue("sw1"));
    Ptr<PhysicalSwitch> sw = helper.Install(CreateObject<Node>(), 2);
    Ptr<Node> host = CreateObject<Node>();
    NetDeviceContainer d = eth.Install(host, sw->GetPortDevice("Gi0/1"));
    std::vector<DropReason> reasons;
    sw->TraceConnectWithoutContext(
        "Drop",
        MakeCallback(+[](std::vector<DropReason>* out, Ptr<const Packet>, uint32_t, DropReason r) {
            out->push_back(r);
        }).Bind(&reasons));
    Simulator::Schedule(Seconds(1), &SendRaw, d.Get(0), Mac48Address::GetBroadcast(), 100);
    Simulator::Run();
    const FrameLedger& l = sw->GetLedger();
    EXPECT_EQ(l.in, 1u);
    EXPECT_EQ(l.forwarded, 0u);
    EXPECT_EQ(l.dropped.Get(DropReason::NoEgress), 1u);
    EXPECT_EQ(reasons, std::vector<DropReason>{DropReason::NoEgress});
    EXPECT_EQ(sw->GetPortDrops("Gi0/1").Get(DropReason::NoEgress), 1u);
    EXPECT_EQ(Unbalanced(), "");
}

// Every frame a switch takes in came from one of its ports: the switch's `in` is the sum of
// what its ports' receive ledgers forwarded to it.
TEST_F(FrameAccountingTest, PhysicalSwitch_TakesInExactlyWhatItsPortsForwardedToIt)
{
    seedlab::Seed3Result r = seedlab::RunSeed3ArpBlackhole();
    ExpectBalanced(r.frames, "seed 3");
    // Built again here, to read the ledgers of one switch against its ports.
    seedlab::Fabric fabric(4);
    auto esxi = fabric.AddHost("esxi01", {"vmnic0", "vmnic1"});
    esxi->AddPortGroup("VM Network", 0);
    Ptr<Node> vm1 = fabric.AddVm(esxi, "VM Network", "vm1", "10.0.0.1");
    Ptr<Node> metal = fabric.AddBareMetal("metal", 1, "10.0.0.9");
    seedlab::PingCount ping(vm1, Ipv4Address("10.0.0.9"), Seconds(1), Seconds(4));
    Simulator::Stop(Seconds(5));
    Simulator::Run();
    EXPECT_GE(ping.Replies(), 3u);
    uint64_t fromPorts = 0;
    for (const std::string& port : fabric.pswitch->GetPortNames())
    {
        fromPorts += fabric.pswitch->GetPortDevice(port)->GetRxLedger().forwarded;
    }
    EXPECT_GT(fromPorts, 0u);
    EXPECT_EQ(fabric.pswitch->GetLedger().in, fromPorts);
    EXPECT_EQ(Unbalanced(), "");
}

// A vSwitch: a broadcast from an uplink no port of the VLAN is teamed to ends at every port
// (reverse-teaming): the ledger books it dropped for that reason, whether the ports were
// visited (someone watches Drop) or counted in bulk.
TEST_F(FrameAccountingTest, VSwitch_ABroadcastNoPortAcceptsIsDroppedReverseTeaming)
{
    for (bool watched : {false, true})
    {
        SCOPED_TRACE(watched ? "Drop watched" : "counted in bulk");
        seedlab::Fabric fabric(4);
        auto esxi = fabric.AddHost("esxi01", {"vmnic0", "vmnic1"});
        Ptr<PortGroup> pg = esxi->AddPortGroup("VM Network", 0);
        TeamingPolicy t;
        t.active = std::vector<std::string>{"vmnic0"};
        t.standby = std::vector<std::string>{"vmnic1"};
        pg->SetTeamingOverride(t);
        fabric.AddVm(esxi, "VM Network", "vm1", "10.0.0.1");
        Ptr<Node> metal = fabric.AddBareMetal("metal", 1, "10.0.0.9");
        Ptr<VSwitch> vs = esxi->GetVSwitch();
        uint64_t drops = 0;
        if (watched)
        {
            vs->TraceConnectWithoutContext(
                "Drop",
                MakeCallback(+[](uint64_t* n, Ptr<const Packet>, const CaptureContext&) {
                    ++*n;
                }).Bind(&drops));
        }
        // A broadcast sent straight into vmnic1 (the standby) from the switch side, once the
        // VM's RARPs (which come back on vmnic1 and stop there as loop drops) are over.
        Ptr<EthernetNetDevice> sp =
            fabric.pswitch->GetPortDevice(fabric.SwitchPortOf(esxi, "vmnic1"));
        Simulator::Schedule(Seconds(10.5), [sp]() {
            Ptr<Packet> p = Create<Packet>(46);
            EthernetVlanHeader h(Mac48Address("00:50:56:00:00:99"),
                                 Mac48Address::GetBroadcast(),
                                 0x88b5);
            p->AddHeader(h);
            sp->SendFrame(p, h);
        });
        FrameLedger before;
        Simulator::Schedule(Seconds(10), [&]() { before = vs->GetLedger(); });
        Simulator::Stop(Seconds(11));
        Simulator::Run();
        FrameLedger after = vs->GetLedger();
        EXPECT_EQ(after.in - before.in, 1u)
            << "delivered " << after.delivered - before.delivered << ", dropped "
            << after.dropped.Total() - before.dropped.Total() << ", forwarded "
            << after.forwarded - before.forwarded;
        EXPECT_EQ(after.dropped.Get(DropReason::ReverseTeaming) -
                      before.dropped.Get(DropReason::ReverseTeaming),
                  1u);
        EXPECT_EQ(after.forwarded, before.forwarded);
        if (watched)
        {
            EXPECT_GT(drops, 0u);
        }
        EXPECT_EQ(Unbalanced(), "");
        Simulator::Destroy();
        Names::Clear();
    }
}

// Every seed case: every ledger of every device balances at the end of the run.
TEST_F(FrameAccountingTest, SeedCases_EveryDeviceLedgerBalances)
{
    seedlab::Seed0Options o0;
    o0.outputDir = OutputDir();
    ExpectBalanced(seedlab::RunSeed0ReverseTeaming(o0).frames, "seed 0");
    ExpectBalanced(seedlab::RunSeed0Visibility(2).frames, "seed 0 visibility");
    seedlab::Seed1Options o1;
    o1.outputDir = OutputDir();
    o1.stopAt = 25;
    ExpectBalanced(seedlab::RunSeed1VMotion(o1).frames, "seed 1");
    seedlab::Seed2Options o2;
    ExpectBalanced(seedlab::RunSeed2LogicalSwitch(o2).frames, "seed 2");
    ExpectBalanced(seedlab::RunSeed3ArpBlackhole(OutputDir()).frames, "seed 3");
    for (const auto& c : seedlab::RunSeed4Nested(2))
    {
        ExpectBalanced(c.frames,
                       std::string("seed 4 promiscuous ") + (c.promiscuous ? "accept" : "reject") +
                           " forged " + (c.forgedTransmits ? "accept" : "reject"));
    }
}

#ifdef VSWITCH_SIM_BINARY
// Every example scenario (and the built-in default) through vswitch-sim: summary.json's
// "frames" block says balanced, and each of its rows balances when added up here.
TEST_F(FrameAccountingTest, ExampleScenarios_SummaryFramesBalanceOnEveryDevice)
{
    std::vector<std::string> runs{""};
    for (const auto& e :
         fs::directory_iterator(fs::path(VSWITCH_SOURCE_DIR) / "examples/scenarios"))
    {
        if (e.path().extension() == ".json")
        {
            runs.push_back(e.path().string());
        }
    }
    std::sort(runs.begin(), runs.end());
    ASSERT_GE(runs.size(), 5u);
    for (const auto& f : runs)
    {
        SCOPED_TRACE(f.empty() ? "default" : f);
        fs::path out = fs::path(OutputDir()) / "out";
        std::string cmd = std::string("'") + VSWITCH_SIM_BINARY + "' --output='" + out.string() +
                          "'" + (f.empty() ? "" : " --scenario='" + f + "'") + " > '" +
                          OutputDir() + "/log.txt' 2>&1";
        ASSERT_EQ(std::system(cmd.c_str()), 0) << Slurp(OutputDir() + "/log.txt");
        json::object s = json::parse(Slurp((out / "summary.json").string())).as_object();
        const json::object& frames = s.at("frames").as_object();
        EXPECT_TRUE(frames.at("balanced").as_bool());
        EXPECT_TRUE(frames.at("unbalanced").as_array().empty())
            << json::serialize(frames.at("unbalanced"));
        uint64_t in = 0;
        std::size_t switches = 0;
        for (const auto& v : frames.at("devices").as_array())
        {
            const json::object& row = v.as_object();
            uint64_t dropped = 0;
            for (const auto& kv : row.at("dropped").as_object())
            {
                dropped += kv.value().to_number<uint64_t>();
            }
            EXPECT_EQ(Num(row, "in"),
                      Num(row, "forwarded") + Num(row, "delivered") + Num(row, "queued") + dropped)
                << json::serialize(row);
            in += Num(row, "in");
            switches += row.at("ledger").as_string() == "switch" ? 1 : 0;
        }
        EXPECT_EQ(Num(frames.at("total").as_object(), "in"), in);
        EXPECT_GT(in, 0u);
        EXPECT_GT(switches, 0u) << "no switch ledger in the summary";
    }
}
#endif

// Spec section 8: every drop reason is documented. The table of doc/vswitch.rst ("Drop
// reasons") names each reason DropReasonToString() prints, in the enum's order, once.
TEST(DropReasons, EveryReasonIsInTheDocTableOnceInTheEnumsOrder)
{
    std::ifstream in(fs::path(VSWITCH_SOURCE_DIR) / "doc" / "vswitch.rst");
    ASSERT_TRUE(in) << "doc/vswitch.rst";
    std::string line;
    bool inTable = false;
    int rules = 0;
    std::vector<std::string> names;
    while (std::getline(in, line))
    {
        if (!inTable && line.rfind("name                 meaning", 0) == 0)
        {
            inTable = true;
            rules = 1; // the header's top rule was above it
            continue;
        }
        if (!inTable)
        {
            continue;
        }
        if (line.rfind("=====", 0) == 0)
        {
            if (++rules == 3)
            {
                break; // the rule under the last row
            }
            continue;
        }
        if (!line.empty() && line[0] != ' ')
        {
            names.push_back(line.substr(0, line.find(' ')));
        }
    }
    ASSERT_TRUE(inTable) << "the drop reason table is gone from doc/vswitch.rst";
    std::vector<std::string> expected;
    for (std::size_t i = 0; i < kDropReasonCount; ++i)
    {
        expected.emplace_back(DropReasonToString(static_cast<DropReason>(i)));
    }
    EXPECT_EQ(names, expected);
}
