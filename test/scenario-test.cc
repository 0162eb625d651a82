/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim end to end: the program is run as a subprocess on the built-in default, on
 * every file of examples/scenarios/ and on broken files (test/scenarios/broken/), and its
 * summary.json is read back. The tests fail when the runner or the behaviour it shows breaks.
 */
#include "sim-run.h"
#include "test-util.h"

#include <gtest/gtest.h>

#ifdef VSWITCH_SIM_BINARY

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <signal.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace
{

namespace fs = std::filesystem;
namespace json = boost::json;
using vswitchtest::RunSim;
using vswitchtest::SimRun;

std::string
Slurp(const fs::path& p)
{
    return vswitchtest::Slurp(p.string());
}

/// A fresh scratch folder under the build folder.
fs::path
Scratch(const std::string& name)
{
    return vswitchtest::Scratch("scenario-test-tmp", name);
}

fs::path
Source(const std::string& rel)
{
    return fs::path(VSWITCH_SOURCE_DIR) / rel;
}

json::object
Summary(const fs::path& dir)
{
    json::value v = json::parse(Slurp(dir / "summary.json"));
    return v.as_object();
}

/// The capture whose options contain a text (its frame count).
int64_t
CaptureFrames(const json::object& s, const std::string& optionsPart)
{
    for (const auto& c : s.at("captures").as_array())
    {
        std::string opts(c.at("options").as_string());
        if (opts.find(optionsPart) != std::string::npos)
        {
            return c.at("frames").to_number<int64_t>();
        }
    }
    ADD_FAILURE() << "no capture with options containing " << optionsPart;
    return -1;
}

/// The capture written to a file.
int64_t
FileFrames(const json::object& s, const std::string& file)
{
    for (const auto& c : s.at("captures").as_array())
    {
        if (c.at("file").as_string() == file)
        {
            return c.at("frames").to_number<int64_t>();
        }
    }
    ADD_FAILURE() << "no capture writing " << file;
    return -1;
}

const json::object&
TrafficRow(const json::object& s, std::size_t index)
{
    for (const auto& t : s.at("traffic").as_array())
    {
        if (t.at("index").to_number<int64_t>() == static_cast<int64_t>(index))
        {
            return t.as_object();
        }
    }
    static json::object none;
    ADD_FAILURE() << "no traffic row " << index;
    return none;
}

int64_t
Drops(const json::object& s, const std::string& host, const std::string& reason, int64_t portId = 0)
{
    int64_t n = 0;
    for (const auto& d : s.at("drops").as_array())
    {
        const json::object& o = d.as_object();
        if (o.contains("host") && o.at("host").as_string() == host &&
            o.at("reason").as_string() == reason &&
            (portId == 0 || o.at("portId").to_number<int64_t>() == portId))
        {
            n += o.at("frames").to_number<int64_t>();
        }
    }
    return n;
}

const json::object&
PortOf(const json::object& s, const std::string& host, const std::string& client)
{
    for (const auto& p : s.at("ports").as_array())
    {
        if (p.at("host").as_string() == host && p.at("client").as_string() == client)
        {
            return p.as_object();
        }
    }
    static json::object none;
    ADD_FAILURE() << "no port " << host << " " << client;
    return none;
}

/// The port a MAC is learned on in a physical switch's table ("" when it is not there).
std::string
MacPort(const json::object& s, const std::string& sw, const std::string& mac)
{
    for (const auto& e : s.at("macTables").at(sw).as_array())
    {
        if (e.at("mac").as_string() == mac)
        {
            return std::string(e.at("port").as_string());
        }
    }
    return "";
}

// -------------------------------------------------------------------------------------------

TEST(VswitchSim, DefaultRun_WritesPcapsSummaryAndTables)
{
    fs::path dir = Scratch("default");
    SimRun r = RunSim({}, dir);
    ASSERT_TRUE(r.exited) << "signal " << r.signal << (r.timedOut ? " (timeout)" : "");
    ASSERT_EQ(r.status, 0) << r.err;
    fs::path out = dir / "vswitch-sim-output" / "seed0-reverse-teaming";
    for (const char* f : {"summary.json",
                          "tables.txt",
                          "captures.txt",
                          "esxi02-vmnic2.pcap",
                          "esxi02-vmnic3.pcap",
                          "vm2-portoutput.pcap",
                          "vm2-vnicrx.pcap",
                          "pswitch1-Gi0_3-span.pcap"})
    {
        EXPECT_TRUE(fs::is_regular_file(out / f)) << f;
        EXPECT_GT(fs::file_size(out / f), 0u) << f;
    }
    json::object s = Summary(out);
    std::vector<std::string> keys;
    for (const auto& kv : s)
    {
        keys.emplace_back(kv.key());
    }
    EXPECT_EQ(keys,
              (std::vector<std::string>{"scenario",
                                        "stopTime",
                                        "wallSeconds",
                                        "events",
                                        "traffic",
                                        "captures",
                                        "ports",
                                        "vmotions",
                                        "drops",
                                        "arpDrops",
                                        "macTables",
                                        "nsx",
                                        "scenarioEvents",
                                        "uplinks",
                                        "frames",
                                        "interrupted",
                                        "stoppedAt"}));
    EXPECT_EQ(s.at("scenario").as_string(), "seed0-reverse-teaming");
    EXPECT_EQ(s.at("stopTime").as_string(), "10s");
    EXPECT_GT(s.at("events").to_number<int64_t>(), 0);
    const json::object& ping = TrafficRow(s, 0);
    EXPECT_EQ(ping.at("sent").to_number<int64_t>(), 8);
    EXPECT_EQ(ping.at("received").to_number<int64_t>(), 8);
    EXPECT_TRUE(ping.at("rttMs").is_object());
    for (const char* k : {"host", "vswitch", "portId", "client", "portGroup", "mac", "uplink"})
    {
        EXPECT_TRUE(s.at("ports").as_array().at(0).as_object().contains(k)) << k;
    }
    EXPECT_FALSE(s.at("ports").as_array().at(0).as_object().contains("dvPort"))
        << "dvPort only on distributed switches";
    EXPECT_TRUE(s.at("vmotions").as_array().empty());
    EXPECT_FALSE(s.at("macTables").at("pswitch1").as_array().empty());
    std::string tables = Slurp(out / "tables.txt");
    for (const char* view : {"show mac address-table", "net-stats -l", "TEAM-PNIC", "Team Uplink"})
    {
        EXPECT_NE(tables.find(view), std::string::npos) << view;
    }
    std::string console = Slurp(out / "captures.txt");
    EXPECT_NE(console.find("Captured at EtherswitchDispath point"), std::string::npos);
    EXPECT_NE(console.find("Dumped 3 packet to console"), std::string::npos);
    EXPECT_NE(r.out.find("results in"), std::string::npos);
}

TEST(VswitchSim, ReverseTeaming_DefaultRunPortOutputCountsTwiceTheVnicRxFrames)
{
    fs::path dir = Scratch("default-rt");
    SimRun r = RunSim({"--output=out"}, dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    json::object s = Summary(dir / "out");
    int64_t portOutput = CaptureFrames(s, "--capture PortOutput");
    int64_t vnicRx = CaptureFrames(s, "--capture VnicRx");
    EXPECT_GT(vnicRx, 0);
    EXPECT_EQ(portOutput, 2 * vnicRx) << "PortOutput is before the reverse-teaming filter";
    // vm2 transmits on vmnic3; the mirrored copy arrives on vmnic2 and is dropped there.
    const json::object& vm2 = PortOf(s, "esxi02", "vm2.eth0");
    EXPECT_EQ(vm2.at("uplink").as_string(), "vmnic3");
    EXPECT_GE(Drops(s, "esxi02", "reverse-teaming", vm2.at("portId").to_number<int64_t>()), vnicRx);
    EXPECT_EQ(CaptureFrames(s, "--uplink vmnic2 --proto"),
              CaptureFrames(s, "--uplink vmnic3 --proto") * 2)
        << "vmnic2 sees the mirrored requests and replies";
}

TEST(VswitchSim, DefaultScenario_IsTheSeed0FileOfExamples)
{
    fs::path dir = Scratch("default-vs-file");
    SimRun a = RunSim({"--output=builtin"}, dir);
    SimRun b =
        RunSim({"--output=file",
                "--scenario=" + Source("examples/scenarios/seed0-reverse-teaming.json").string()},
               dir);
    ASSERT_TRUE(a.exited && a.status == 0 && b.exited && b.status == 0);
    json::object sa = Summary(dir / "builtin");
    json::object sb = Summary(dir / "file");
    sa.erase("wallSeconds");
    sb.erase("wallSeconds");
    EXPECT_EQ(json::serialize(sa), json::serialize(sb));
}

TEST(VswitchSim, Validate_PrintsOkForEveryExampleAndBuildsNothing)
{
    fs::path dir = Scratch("validate");
    for (const auto& e : fs::directory_iterator(Source("examples/scenarios")))
    {
        SimRun r = RunSim({"--validate", "--scenario=" + e.path().string()}, dir);
        EXPECT_TRUE(r.exited && r.status == 0) << e.path() << ": " << r.err;
        EXPECT_EQ(r.out, "OK\n") << e.path();
    }
    EXPECT_FALSE(fs::exists(dir / "vswitch-sim-output"));
}

TEST(VswitchSim, Seed0_PromiscuousVmSeesWhatTheSeedTableSays)
{
    fs::path dir = Scratch("seed0-promisc");
    SimRun r = RunSim(
        {"--output=out",
         "--scenario=" + Source("examples/scenarios/seed0-promiscuous-visibility.json").string()},
        dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    json::object s = Summary(dir / "out");
    for (std::size_t i = 0; i < 5; ++i)
    {
        EXPECT_EQ(TrafficRow(s, i).at("received").to_number<int64_t>(), 5) << "traffic " << i;
    }
    EXPECT_EQ(PortOf(s, "esxi01", "vmP.eth0").at("uplink").as_string(), "vmnic1");
    EXPECT_EQ(PortOf(s, "esxi01", "vm3.eth0").at("uplink").as_string(), "vmnic1");
    EXPECT_EQ(PortOf(s, "esxi01", "vm4.eth0").at("uplink").as_string(), "vmnic0");
    EXPECT_EQ(FileFrames(s, "vmP-vm1-to-vm3.pcap"), 5) << "VM on H -> VM on H: seen";
    EXPECT_EQ(FileFrames(s, "vmP-vm1-to-vm2.pcap"), 5) << "VM on H -> outside: seen";
    EXPECT_EQ(FileFrames(s, "vmP-laptop-to-vm3.pcap"), 5) << "outside -> VM on vmP's uplink: seen";
    EXPECT_EQ(FileFrames(s, "vmP-laptop-to-vm4.pcap"), 0) << "outside -> VM on the other uplink";
    EXPECT_EQ(FileFrames(s, "vmP-laptop-to-vm2.pcap"), 0) << "outside -> outside: not seen";
}

// Seed 3 (spec sections 8 and 10): the switch port facing vmnic1 drops the broadcast it
// receives (storm control, level 0): ARP fails for the VMs teamed to vmnic1, and a static ARP
// entry restores their pings to the gateway and to the other VMs.
TEST(VswitchSim, Seed3_BroadcastStormControlBreaksArpOnOneUplinkAndStaticArpRestoresThePings)
{
    fs::path dir = Scratch("seed3");
    SimRun r =
        RunSim({"--output=out",
                "--scenario=" + Source("examples/scenarios/seed3-arp-blackhole.json").string()},
               dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    json::object s = Summary(dir / "out");
    EXPECT_EQ(PortOf(s, "esxi01", "vmA.eth0").at("uplink").as_string(), "vmnic1");
    EXPECT_EQ(PortOf(s, "esxi01", "vmB.eth0").at("uplink").as_string(), "vmnic0");
    EXPECT_EQ(PortOf(s, "esxi01", "vmC.eth0").at("uplink").as_string(), "vmnic1");
    EXPECT_GT(TrafficRow(s, 0).at("sent").to_number<int64_t>(), 0);
    EXPECT_EQ(TrafficRow(s, 0).at("received").to_number<int64_t>(), 0) << "vmA -> gateway";
    EXPECT_EQ(TrafficRow(s, 1).at("received").to_number<int64_t>(), 6) << "vmB -> gateway";
    EXPECT_EQ(TrafficRow(s, 2).at("received").to_number<int64_t>(), 6) << "same host";
    EXPECT_EQ(TrafficRow(s, 5).at("received").to_number<int64_t>(), 0) << "vmA -> other host";
    // vmC, also on vmnic1, has static ARP entries: unicast crosses the path both ways.
    EXPECT_EQ(TrafficRow(s, 4).at("received").to_number<int64_t>(), 6) << "static ARP, gateway";
    EXPECT_EQ(TrafficRow(s, 7).at("received").to_number<int64_t>(), 6) << "static ARP, vmD";
    int64_t stormDrops = 0;
    for (const auto& d : s.at("drops").as_array())
    {
        if (d.as_object().contains("switch") && d.at("port").as_string() == "Gi0/2" &&
            d.at("reason").as_string() == "storm-control")
        {
            stormDrops += d.at("frames").to_number<int64_t>();
        }
    }
    EXPECT_GT(stormDrops, 0) << "Gi0/2 drops what it receives from vmnic1 as storm-control";
    const json::array& events = s.at("scenarioEvents").as_array();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].at("type").as_string(), "storm-control");
    EXPECT_EQ(events[0].at("what").as_string(), "pswitch1:Gi0/2 broadcast 0");
    EXPECT_EQ(FileFrames(s, "vmnic0.cap"), 0) << "default --dir: input only";
    EXPECT_EQ(FileFrames(s, "vmnic1.cap"), 0) << "default --dir: no outgoing ARP";
    EXPECT_GT(FileFrames(s, "vmnic1-dir2.cap"), 0) << "--dir 2 shows the requests";
    EXPECT_EQ(FileFrames(s, "vmnic0-dir2-replies.cap"), 0);
    EXPECT_EQ(FileFrames(s, "vmnic1-dir2-replies.cap"), 0);
    EXPECT_GT(FileFrames(s, "vmnic0-dir2-vmB.cap"), 0) << "the healthy VM's ARP is on vmnic0";
    // vmA's echo requests never leave it: each is in arpDrops, as unresolved.
    std::map<std::string, int64_t> unresolved;
    for (const auto& v : s.at("arpDrops").as_array())
    {
        const json::object& row = v.as_object();
        EXPECT_EQ(row.at("node").as_string(), "vmA") << json::serialize(row);
        EXPECT_EQ(row.at("reason").as_string(), "arp-unresolved") << json::serialize(row);
        unresolved[std::string(row.at("destination").as_string())] +=
            row.at("packets").to_number<int64_t>();
    }
    EXPECT_EQ(unresolved["10.10.0.1"], TrafficRow(s, 0).at("sent").to_number<int64_t>());
    EXPECT_EQ(unresolved["10.10.0.21"], TrafficRow(s, 5).at("sent").to_number<int64_t>());
    EXPECT_EQ(unresolved.size(), 2u);
}

TEST(VswitchSim, Seed4_NestedVmsTalkOnlyWithPromiscuousAndForgedTransmitsAccept)
{
    fs::path dir = Scratch("seed4");
    SimRun r =
        RunSim({"--output=out",
                "--scenario=" + Source("examples/scenarios/seed4-nested-esxi.json").string()},
               dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    json::object s = Summary(dir / "out");
    const char* names[] = {"RR", "AR", "RA", "AA"};
    for (std::size_t i = 0; i < 4; ++i)
    {
        int64_t received = TrafficRow(s, i).at("received").to_number<int64_t>();
        EXPECT_EQ(received, i == 3 ? 5 : 0) << "Nested-" << names[i];
    }
    EXPECT_EQ(TrafficRow(s, 4).at("from").as_string(), "esxi01/nested-aa/vmA");
    EXPECT_EQ(TrafficRow(s, 4).at("received").to_number<int64_t>(), 5) << "from the nested VM";
    for (const char* pg : {"rr", "ar"})
    {
        int64_t port = PortOf(s, "esxi01", std::string("nested-") + pg + ".eth0")
                           .at("portId")
                           .to_number<int64_t>();
        EXPECT_GT(Drops(s, "esxi01", "forged-transmit", port), 0) << pg;
    }
    int64_t aa = PortOf(s, "esxi01", "nested-aa.eth0").at("portId").to_number<int64_t>();
    EXPECT_EQ(Drops(s, "esxi01", "forged-transmit", aa), 0);
    EXPECT_EQ(Drops(s, "esxi01", "promiscuous", aa), 0);
    // The nested hosts are in the port list under their path.
    EXPECT_EQ(PortOf(s, "esxi01/nested-aa", "vmA.eth0").at("portGroup").as_string(), "VM Network");
}

/// The keys of an object, in order.
std::vector<std::string>
Keys(const json::object& o)
{
    std::vector<std::string> keys;
    for (const auto& kv : o)
    {
        keys.emplace_back(kv.key());
    }
    return keys;
}

/// Seed 1 run once for the tests that read it.
const fs::path&
Seed1Output()
{
    static fs::path out;
    if (out.empty())
    {
        // One folder per test: CTest runs each test in its own process, in parallel.
        fs::path dir = Scratch(std::string("seed1-") +
                               ::testing::UnitTest::GetInstance()->current_test_info()->name());
        SimRun r = RunSim(
            {"--output=out",
             "--scenario=" + Source("examples/scenarios/seed1-nested-vmotion.json").string()},
            dir);
        EXPECT_TRUE(r.exited && r.status == 0) << r.err;
        out = dir / "out";
    }
    return out;
}

// Seed 1 (spec section 7): the nested ESXi VM nesx moves from esxi01 to esxi02 on the
// distributed switch; 2 s of pre-copy and the default 300 ms stun; it keeps its dvPort; the
// destination announces nesx's MAC 11 times and the guest's MAC, learned on nesx's port, once.
TEST(VswitchSim, Seed1_VmotionsRowKeepsTheDvPortSwitchesOverAfterPreCopyAndStunAndCountsTwelveRarps)
{
    json::object s = Summary(Seed1Output());
    const json::array& rows = s.at("vmotions").as_array();
    ASSERT_EQ(rows.size(), 1u);
    const json::object& v = rows[0].as_object();
    EXPECT_EQ(
        Keys(v),
        (std::vector<std::string>{"vm", "from", "to", "start", "switchover", "dvPorts", "rarps"}));
    EXPECT_EQ(v.at("vm").as_string(), "nesx");
    EXPECT_EQ(v.at("from").as_string(), "esxi01");
    EXPECT_EQ(v.at("to").as_string(), "esxi02");
    EXPECT_DOUBLE_EQ(v.at("start").to_number<double>(), 15.0);
    EXPECT_DOUBLE_EQ(v.at("switchover").to_number<double>(), 17.3) << "15 s + 2 s + 300 ms";
    const json::array& dvPorts = v.at("dvPorts").as_array();
    ASSERT_EQ(dvPorts.size(), 1u) << "one vNIC";
    EXPECT_EQ(dvPorts[0].to_number<int64_t>(),
              PortOf(s, "esxi02", "nesx.eth0").at("dvPort").to_number<int64_t>())
        << "the dvPort moves with the VM";
    EXPECT_EQ(v.at("rarps").to_number<int64_t>(), 12) << "11 for nesx's MAC, 1 for the guest's";
    const json::array& events = s.at("scenarioEvents").as_array();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].at("type").as_string(), "vmotion");
    EXPECT_EQ(events[0].at("what").as_string(), "nesx esxi01 -> esxi02");
    EXPECT_DOUBLE_EQ(events[0].at("time").to_number<double>(), 15.0);
    // The pings go on: the laptop loses the one reply due in the stun.
    EXPECT_EQ(TrafficRow(s, 0).at("sent").to_number<int64_t>() -
                  TrafficRow(s, 0).at("received").to_number<int64_t>(),
              1);
    EXPECT_EQ(TrafficRow(s, 1).at("received").to_number<int64_t>(),
              TrafficRow(s, 1).at("sent").to_number<int64_t>());
}

// ports rows show where the VMs are at the end, with a dvPort only on distributed switches.
TEST(VswitchSim, Seed1_PortsRowsShowTheVmOnTheDestinationAndDvPortOnlyOnDistributedSwitches)
{
    json::object s = Summary(Seed1Output());
    for (const auto& p : s.at("ports").as_array())
    {
        const json::object& o = p.as_object();
        EXPECT_NE(o.at("host").as_string(), "esxi01") << "nesx, esxi01's only VM, left it";
        bool distributed = o.at("vswitch").as_string() == "DSwitch";
        EXPECT_EQ(o.contains("dvPort"), distributed) << o.at("client").as_string();
    }
    const json::object& nesx = PortOf(s, "esxi02", "nesx.eth0");
    const json::object& vmb = PortOf(s, "esxi02", "vm-b.eth0");
    EXPECT_EQ(nesx.at("vswitch").as_string(), "DSwitch");
    EXPECT_EQ(nesx.at("portGroup").as_string(), "Nested-PG");
    EXPECT_NE(nesx.at("portId").to_number<int64_t>(), vmb.at("portId").to_number<int64_t>())
        << "a new port ID on the destination";
    EXPECT_NE(nesx.at("dvPort").to_number<int64_t>(), vmb.at("dvPort").to_number<int64_t>());
    // The nested host keeps its reference; its VM's port is on its own standard vSwitch0.
    EXPECT_FALSE(PortOf(s, "esxi01/nesx", "guest.eth0").contains("dvPort"));
    // The proxy switches are the hosts' switches in tables.txt.
    std::string tables = Slurp(Seed1Output() / "tables.txt");
    auto esxi02 = tables.find("[root@esxi02:~] net-stats -l");
    ASSERT_NE(esxi02, std::string::npos);
    std::string view = tables.substr(esxi02, tables.find("esxtop", esxi02) - esxi02);
    EXPECT_NE(view.find("DvsPortset-"), std::string::npos) << view;
    EXPECT_NE(view.find("nesx.eth0"), std::string::npos) << view;
    EXPECT_NE(tables.find("DVPort ID: " + std::to_string(nesx.at("dvPort").to_number<int64_t>())),
              std::string::npos);
}

TEST(VswitchSim, Seed1_AfterTheMoveTheSwitchHasBothMacsOnThePortFacingEsxi02)
{
    json::object s = Summary(Seed1Output());
    EXPECT_EQ(MacPort(s, "pswitch1", "00:50:56:60:e5:ed"), "Gi0/2") << "nesx";
    EXPECT_EQ(MacPort(s, "pswitch1", "00:0c:29:c6:07:20"), "Gi0/2") << "the guest";
}

// What the seed's engineer captured on esxi02: nesx's MAC at the switchover t, then pairs at
// t+2, +6, +12, +22, +38 s, and the guest's MAC once at t+38.
TEST(VswitchSim, Seed1_DestinationCaptureShowsTheSeedRarpSchedule)
{
    fs::path pcap = Seed1Output() / "esxi02-vmnic0-rarp.pcap";
    std::vector<double> nesx;
    std::vector<double> guest;
    for (const auto& r : vswitchtest::ReadPcap(pcap.string()))
    {
        ASSERT_GE(r.data.size(), 14u);
        EXPECT_EQ((r.data[12] << 8) | r.data[13], 0x8035) << "--ethtype 0x8035";
        char mac[18];
        std::snprintf(mac,
                      sizeof(mac),
                      "%02x:%02x:%02x:%02x:%02x:%02x",
                      r.data[6],
                      r.data[7],
                      r.data[8],
                      r.data[9],
                      r.data[10],
                      r.data[11]);
        double t = std::round(r.time * 1000) / 1000;
        if (std::string(mac) == "00:50:56:60:e5:ed")
        {
            nesx.push_back(t);
        }
        else if (std::string(mac) == "00:0c:29:c6:07:20")
        {
            guest.push_back(t);
        }
    }
    EXPECT_EQ(
        nesx,
        (std::vector<double>{17.3, 19.3, 19.3, 23.3, 23.3, 29.3, 29.3, 39.3, 39.3, 55.3, 55.3}));
    EXPECT_EQ(guest, (std::vector<double>{55.3}));
    if (!vswitchtest::HaveTshark())
    {
        return;
    }
    auto lines = vswitchtest::Tshark(pcap.string(), "-t e");
    std::size_t who = 0;
    for (const auto& l : lines)
    {
        who += l.find("Who is 00:50:56:60:e5:ed? Tell 00:50:56:60:e5:ed") != std::string::npos;
    }
    EXPECT_EQ(who, 11u);
}

// A VM moves over standard vSwitches and back: no dvPorts; each move's RARPs counted on its
// own destination (here on a short --ns3::VMotion::RarpSchedule: 5 frames); a vNIC event
// between the moves finds the VM where it is; the StunTime attribute is the default stun.
TEST(VswitchSim,
     Vmotion_ThereAndBackOnStandardSwitchesCountsEachMovesRarpsAndFindsTheVmForVnicEvents)
{
    fs::path dir = Scratch("vmotion-there-and-back");
    std::string file = Source("test/scenarios/vmotion-there-and-back.json").string();
    SimRun r = RunSim(
        {"--output=out", "--scenario=" + file, "--ns3::VMotion::RarpSchedule=0s/1,1s/2,2s/2"},
        dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    json::object s = Summary(dir / "out");
    const json::array& rows = s.at("vmotions").as_array();
    ASSERT_EQ(rows.size(), 2u);
    EXPECT_EQ(rows[0].at("vm").as_string(), "vm1");
    EXPECT_EQ(rows[0].at("from").as_string(), "esxi01");
    EXPECT_EQ(rows[0].at("to").as_string(), "esxi02");
    EXPECT_DOUBLE_EQ(rows[0].at("switchover").to_number<double>(), 3.3);
    EXPECT_TRUE(rows[0].at("dvPorts").as_array().at(0).is_null()) << "a standard switch";
    // 5 of the schedule, and the 5 of notify switches when the vNIC reconnects there at 8 s.
    EXPECT_EQ(rows[0].at("rarps").to_number<int64_t>(), 10);
    EXPECT_EQ(rows[1].at("vm").as_string(), "esxi01/vm1") << "as the event names it";
    EXPECT_EQ(rows[1].at("from").as_string(), "esxi02");
    EXPECT_EQ(rows[1].at("to").as_string(), "esxi01");
    EXPECT_DOUBLE_EQ(rows[1].at("switchover").to_number<double>(), 15.1) << "\"stun\": \"100ms\"";
    EXPECT_EQ(rows[1].at("rarps").to_number<int64_t>(), 5);
    const json::object& vm1 = PortOf(s, "esxi01", "vm1.eth0");
    EXPECT_FALSE(vm1.contains("dvPort"));
    for (const auto& p : s.at("ports").as_array())
    {
        EXPECT_FALSE(p.at("host").as_string() == "esxi02" &&
                     p.at("client").as_string() == "vm1.eth0");
    }
    // The capture keeps the port ID vm1 had when the scenario was built.
    EXPECT_EQ(s.at("captures").as_array().at(0).at("options").as_string(),
              "--switchport 50331651 --dir 1 --capture VnicRx");
    EXPECT_NE(vm1.at("portId").to_number<int64_t>(), 50331651) << "a new port on its return";
    EXPECT_EQ(s.at("scenarioEvents").as_array().at(1).at("what").as_string(), "vm1 nic 0");
    EXPECT_EQ(s.at("scenarioEvents").as_array().at(2).at("what").as_string(),
              "esxi01/vm1 esxi02 -> esxi01");
    // Pings to and from vm1 go on across both moves.
    EXPECT_GE(TrafficRow(s, 0).at("received").to_number<int64_t>(),
              TrafficRow(s, 0).at("sent").to_number<int64_t>() - 2);
    EXPECT_EQ(TrafficRow(s, 1).at("received").to_number<int64_t>(),
              TrafficRow(s, 1).at("sent").to_number<int64_t>());

    // Without "stun", the StunTime attribute's value; the loader uses it too.
    SimRun slow =
        RunSim({"--output=slow", "--scenario=" + file, "--ns3::VMotion::StunTime=1s"}, dir);
    ASSERT_TRUE(slow.exited && slow.status == 0) << slow.err;
    json::object s2 = Summary(dir / "slow");
    EXPECT_DOUBLE_EQ(s2.at("vmotions").as_array().at(0).at("switchover").to_number<double>(), 4.0);
    EXPECT_DOUBLE_EQ(s2.at("vmotions").as_array().at(1).at("switchover").to_number<double>(), 15.1);
    SimRun tooSlow =
        RunSim({"--validate", "--scenario=" + file, "--ns3::VMotion::StunTime=7s"}, dir);
    EXPECT_EQ(tooSlow.status, 2);
    EXPECT_NE(tooSlow.err.find("events[1].at: vm1 is moving at 8s (events[0] moves it from 2s "
                               "until its switchover at 10s; a vnic-reconnect event goes before "
                               "or after)"),
              std::string::npos)
        << tooSlow.err;
}

TEST(VswitchSim, LagIpHash_FlowsSpreadOverBothLagUplinksAndEveryPingIsAnswered)
{
    fs::path dir = Scratch("lag-ip-hash");
    SimRun r = RunSim(
        {"--output=out", "--scenario=" + Source("examples/scenarios/lag-ip-hash.json").string()},
        dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    json::object s = Summary(dir / "out");
    for (std::size_t i = 0; i < 4; ++i)
    {
        EXPECT_EQ(TrafficRow(s, i).at("received").to_number<int64_t>(), 5) << "traffic " << i;
    }
    // Source XOR destination picks the uplink: two flows leave on each.
    EXPECT_EQ(FileFrames(s, "vmnic0-out.pcap"), 10) << "web1->srv1, web2->srv2";
    EXPECT_EQ(FileFrames(s, "vmnic1-out.pcap"), 10) << "web1->srv2, web2->srv1";
    // The switch hashes the replies over the LAG members.
    EXPECT_GT(FileFrames(s, "vmnic0-in.pcap"), 0);
    EXPECT_GT(FileFrames(s, "vmnic1-in.pcap"), 0);
    EXPECT_EQ(FileFrames(s, "vmnic0-in.pcap") + FileFrames(s, "vmnic1-in.pcap"), 20);
    EXPECT_EQ(PortOf(s, "esxi01", "web1.eth0").at("uplink").as_string(), "all(2)");
    EXPECT_EQ(MacPort(s, "pswitch1", "00:50:56:aa:01:11"), "Po1") << "learned on the LAG";
    EXPECT_EQ(MacPort(s, "pswitch1", "00:50:56:aa:01:12"), "Po1") << "learned on the LAG";
}

// IP hash teaming whose uplinks do not face one static LAG is valid and runs as a real
// network would (duplicates, loop drops), but --validate and a run warn on stderr.
TEST(VswitchSim, IpHashWithoutStaticLag_WarnsNamingHostUplinksAndPortsButStillRuns)
{
    fs::path dir = Scratch("ip-hash-without-lag");
    json::object lab =
        json::parse(Slurp(Source("examples/scenarios/lag-ip-hash.json"))).as_object();
    lab.at("switches").as_array().at(0).as_object().erase("lags");
    std::ofstream(dir / "nolag.json") << json::serialize(lab);
    const std::string warning =
        "warning: nolag.json: hosts[0].vswitches[0]: ip-hash teaming on esxi01 vSwitch0 uplinks "
        "vmnic0, vmnic1: the facing ports pswitch1:Gi0/1, pswitch1:Gi0/2 are not one static LAG "
        "(expect duplicate frames and loop drops; configure \"lags\" on pswitch1)\n";

    SimRun v = RunSim({"--validate", "--scenario=nolag.json"}, dir);
    ASSERT_TRUE(v.exited);
    EXPECT_EQ(v.status, 0) << v.err;
    EXPECT_EQ(v.out, "OK\n");
    EXPECT_EQ(v.err, warning);

    SimRun r = RunSim({"--scenario=nolag.json", "--output=out"}, dir);
    ASSERT_TRUE(r.exited);
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.err, warning);
    json::object s = Summary(dir / "out");
    EXPECT_GT(Drops(s, "esxi01", "loop"), 0) << "the switch floods the host's broadcast back";
    for (std::size_t i = 0; i < 4; ++i)
    {
        EXPECT_EQ(TrafficRow(s, i).at("received").to_number<int64_t>(), 5) << "traffic " << i;
    }

    // Set on a port group, the warning names the port group.
    json::object& vs =
        lab.at("hosts").as_array().at(0).at("vswitches").as_array().at(0).as_object();
    json::value teaming = vs.at("teaming");
    vs.erase("teaming");
    vs.at("portGroups").as_array().at(0).as_object()["teaming"] = teaming;
    std::ofstream(dir / "pg.json") << json::serialize(lab);
    SimRun pg = RunSim({"--validate", "--scenario=pg.json"}, dir);
    EXPECT_EQ(pg.status, 0) << pg.err;
    EXPECT_NE(pg.err.find("warning: pg.json: hosts[0].vswitches[0].portGroups[0]: ip-hash "
                          "teaming on esxi01 vSwitch0 port group \"VM Network\" uplinks vmnic0, "
                          "vmnic1: the facing ports pswitch1:Gi0/1, pswitch1:Gi0/2 are not one "
                          "static LAG"),
              std::string::npos)
        << pg.err;

    // With the LAG there is nothing to say.
    SimRun ok = RunSim(
        {"--validate", "--scenario=" + Source("examples/scenarios/lag-ip-hash.json").string()},
        dir);
    EXPECT_EQ(ok.status, 0);
    EXPECT_EQ(ok.err, "");
}

// Spec section 3: a policy that needs no LAG must not be used with one. Valid, so a warning
// naming the policy, the host, the uplinks and the LAG members they face; the run shows why
// (frames the switch hashes to the other member are dropped by reverse teaming).
TEST(VswitchSim, LagWithOriginatingPort_WarnsThatALagNeedsIpHashAndReverseTeamingDrops)
{
    fs::path dir = Scratch("lag-originating-port");
    json::object lab =
        json::parse(Slurp(Source("examples/scenarios/lag-ip-hash.json"))).as_object();
    json::object& vs =
        lab.at("hosts").as_array().at(0).at("vswitches").as_array().at(0).as_object();
    vs["teaming"] = json::object{{"loadBalancing", "originating-port"}};
    std::ofstream(dir / "lag.json") << json::serialize(lab);
    const std::string warning =
        "warning: lag.json: hosts[0].vswitches[0]: originating-port teaming on esxi01 vSwitch0: "
        "uplinks vmnic0, vmnic1 face LAG members pswitch1:Gi0/1 (Po1), pswitch1:Gi0/2 (Po1); a "
        "LAG needs ip-hash teaming (expect frames the switch hashes to another member dropped "
        "by reverse teaming; use \"loadBalancing\": \"ip-hash\" or remove the LAG)\n";
    SimRun v = RunSim({"--validate", "--scenario=lag.json"}, dir);
    ASSERT_TRUE(v.exited);
    EXPECT_EQ(v.status, 0) << v.err;
    EXPECT_EQ(v.err, warning);
    SimRun r = RunSim({"--scenario=lag.json", "--output=out"}, dir);
    ASSERT_TRUE(r.exited);
    EXPECT_EQ(r.status, 0) << r.err;
    json::object sum = Summary(dir / "out");
    EXPECT_GT(Drops(sum, "esxi01", "reverse-teaming"), 0);
    // Without the LAG (and with it and ip-hash, the example as it is) nothing is said.
    lab.at("switches").as_array().at(0).as_object().erase("lags");
    std::ofstream(dir / "nolag.json") << json::serialize(lab);
    SimRun ok = RunSim({"--validate", "--scenario=nolag.json"}, dir);
    EXPECT_EQ(ok.status, 0);
    EXPECT_EQ(ok.err, "");
}

// From a dvPortgroup to a standard vSwitch's port group of the same name: the row of the
// dvPort it had, none on the standard switch.
TEST(VswitchSim, Vmotion_FromADistributedToAStandardSwitchHasNoDvPortOnTheStandardSwitch)
{
    fs::path dir = Scratch("vmotion-dvs-to-standard");
    json::object lab =
        json::parse(Slurp(Source("examples/scenarios/seed1-nested-vmotion.json"))).as_object();
    lab.at("hosts").as_array().push_back(json::parse(R"({"name": "esxi03", "nics": [],
        "vswitches": [ { "name": "vSwitch0", "portGroups": [ { "name": "Nested-PG", "vlan": 50 } ] } ] })"));
    lab.at("events").as_array().push_back(json::parse(
        R"({"at": "20s", "type": "vmotion", "vm": "vm-b", "to": "esxi03", "duration": "1s"})"));
    std::ofstream(dir / "lab.json") << json::serialize(lab);
    SimRun r = RunSim({"--output=out", "--scenario=lab.json"}, dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    json::object s = Summary(dir / "out");
    const json::object& vmb = PortOf(s, "esxi03", "vm-b.eth0");
    EXPECT_EQ(vmb.at("vswitch").as_string(), "vSwitch0");
    EXPECT_FALSE(vmb.contains("dvPort")) << "a standard switch has no dvPorts";
    const json::object& row = s.at("vmotions").as_array().at(1).as_object();
    EXPECT_EQ(row.at("vm").as_string(), "vm-b");
    EXPECT_EQ(row.at("dvPorts").as_array().at(0).to_number<int64_t>(), 1)
        << "its dvPort on the source (nesx, built first, has 0)";
}

// The same warning for a distributed switch, per member host, in the vmnics it mapped.
TEST(VswitchSim, IpHashOnDistributedSwitchWithoutStaticLag_WarnsPerMemberHostInItsVmnics)
{
    fs::path dir = Scratch("ip-hash-dvs");
    json::object lab =
        json::parse(Slurp(Source("examples/scenarios/seed1-nested-vmotion.json"))).as_object();
    lab.at("switches")
        .as_array()
        .at(0)
        .at("ports")
        .as_array()
        .push_back(json::parse(R"({"name": "Gi0/4", "mode": "trunk", "vlans": [50]})"));
    lab.at("hosts").as_array().at(0).at("nics").as_array().push_back("vmnic1");
    lab.at("links").as_array().push_back(
        json::parse(R"({"a": "esxi01:vmnic1", "b": "pswitch1:Gi0/4"})"));
    json::object& dvs = lab.at("distributedSwitches").as_array().at(0).as_object();
    dvs["uplinks"] = json::parse(R"(["Uplink 1", "Uplink 2"])");
    dvs["teaming"] = json::parse(R"({"loadBalancing": "ip-hash"})");
    dvs.at("hosts").as_array().at(0).as_object()["uplinks"] =
        json::parse(R"({"Uplink 1": "vmnic0", "Uplink 2": "vmnic1"})");
    std::ofstream(dir / "dvs.json") << json::serialize(lab);
    SimRun v = RunSim({"--validate", "--scenario=dvs.json"}, dir);
    EXPECT_EQ(v.status, 0) << v.err;
    EXPECT_EQ(v.err,
              "warning: dvs.json: distributedSwitches[0]: ip-hash teaming on esxi01 DSwitch "
              "uplinks vmnic0, vmnic1: the facing ports pswitch1:Gi0/1, pswitch1:Gi0/4 are not "
              "one static LAG (expect duplicate frames and loop drops; configure \"lags\" on "
              "pswitch1)\n")
        << "esxi02 maps one dvUplink: nothing to say there";
    // A standby dvUplink with ip-hash is refused as on a vSwitch.
    dvs["teaming"] = json::parse(
        R"({"loadBalancing": "ip-hash", "active": ["Uplink 1"], "standby": ["Uplink 2"]})");
    std::ofstream(dir / "standby.json") << json::serialize(lab);
    SimRun standby = RunSim({"--validate", "--scenario=standby.json"}, dir);
    EXPECT_EQ(standby.status, 2);
    EXPECT_NE(standby.err.find("standby.json: distributedSwitches[0].teaming.standby: ip-hash "
                               "teaming needs every uplink active (no standby)"),
              std::string::npos)
        << standby.err;
}

TEST(VswitchSim, FailoverLinkDown_StandbyTakesOverWithRarpAndFailbackReturns)
{
    fs::path dir = Scratch("failover-link-down");
    SimRun r =
        RunSim({"--output=out",
                "--scenario=" + Source("examples/scenarios/failover-link-down.json").string()},
               dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    json::object s = Summary(dir / "out");
    const json::object& ping = TrafficRow(s, 0);
    EXPECT_EQ(ping.at("sent").to_number<int64_t>(), 70) << "every 200 ms from 1 s to 15 s";
    EXPECT_EQ(ping.at("received").to_number<int64_t>(), 70) << "link status fails over at once";
    EXPECT_EQ(FileFrames(s, "vmnic1-rarp.pcap"), 5) << "notify switches on the failover";
    EXPECT_EQ(FileFrames(s, "vmnic0-rarp.pcap"), 10) << "on connect and on the failback";
    EXPECT_EQ(FileFrames(s, "vmnic1-icmp-out.pcap"), 25)
        << "the requests sent while vmnic0 is down";
    EXPECT_EQ(FileFrames(s, "vmnic0-icmp-out.pcap"), 45) << "before the cut and after failback";
    EXPECT_GE(FileFrames(s, "pswitch1-Gi0_2.pcap"), 55) << "RARPs, requests, replies on Gi0/2";
    EXPECT_EQ(PortOf(s, "esxi01", "vm1.eth0").at("uplink").as_string(), "vmnic0") << "failback";
    EXPECT_EQ(MacPort(s, "pswitch1", "00:50:56:aa:02:11"), "Gi0/1");
    // summary.json says which events fired and what each uplink carried.
    const json::array& events = s.at("scenarioEvents").as_array();
    ASSERT_EQ(events.size(), 2u);
    EXPECT_EQ(events[0].at("type").as_string(), "link-down");
    EXPECT_EQ(events[1].at("type").as_string(), "link-up");
    EXPECT_EQ(events[0].at("what").as_string(), events[1].at("what").as_string());
    const json::array& uplinks = s.at("uplinks").as_array();
    ASSERT_EQ(uplinks.size(), 2u);
    for (const auto& u : uplinks)
    {
        EXPECT_EQ(u.at("link").as_string(), "up") << "both up again at the end";
        EXPECT_GE(u.at("txFrames").to_number<int64_t>(), 25) << u.at("name").as_string();
    }
}

// A scenario capture may write pcapng: "output" is the file, --ng the format.
TEST(VswitchSim, Captures_NgWithOutputWritesPcapng)
{
    fs::path dir = Scratch("capture-pcapng");
    std::string base = Slurp(Source("test/scenarios/valid-base.json"));
    const std::string from = R"("pktcap": "--dir 1 --capture VnicRx",)";
    ASSERT_NE(base.find(from), std::string::npos);
    base.replace(base.find(from), from.size(), R"("pktcap": "--dir 1 --capture VnicRx --ng",)");
    base.replace(base.find("\"rx.pcap\""), 9, "\"rx.pcapng\"");
    std::ofstream(dir / "ng.json") << base;
    SimRun v = RunSim({"--scenario=ng.json", "--validate"}, dir);
    ASSERT_TRUE(v.exited && v.status == 0) << v.out << v.err;
    SimRun r = RunSim({"--scenario=ng.json", "--output=out"}, dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    std::string file = Slurp(dir / "out" / "rx.pcapng");
    ASSERT_GE(file.size(), 4u);
    EXPECT_EQ(file.substr(0, 4), std::string("\x0a\x0d\x0d\x0a", 4)) << "a pcapng section header";
}

TEST(VswitchSim, UdpTcpTraffic_DatagramsAndBytesArriveAcrossTheSwitch)
{
    fs::path dir = Scratch("udp-tcp-traffic");
    SimRun r = RunSim({"--output=out",
                       "--scenario=" + Source("examples/scenarios/udp-tcp-traffic.json").string()},
                      dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    json::object s = Summary(dir / "out");
    const json::object& udp = TrafficRow(s, 0);
    int64_t udpSent = udp.at("sent").to_number<int64_t>();
    int64_t udpReceived = udp.at("received").to_number<int64_t>();
    EXPECT_GT(udpSent, 4900) << "20 Mb/s of 1000-byte datagrams for 2 s";
    EXPECT_EQ(udpReceived, udpSent) << "a guest's ARP queue holds what is sent while it resolves";
    EXPECT_TRUE(s.at("arpDrops").as_array().empty()) << json::serialize(s.at("arpDrops"));
    const json::object& tcp = TrafficRow(s, 1);
    EXPECT_GT(tcp.at("received").to_number<int64_t>(), 10000000) << "bytes over 100 Mb/s, 2 s";
    EXPECT_LE(tcp.at("received").to_number<int64_t>(), tcp.at("sent").to_number<int64_t>());
    const json::object& bareMetal = TrafficRow(s, 2);
    EXPECT_EQ(bareMetal.at("from").as_string(), "server");
    EXPECT_GT(bareMetal.at("received").to_number<int64_t>(), 0);
    EXPECT_LE(bareMetal.at("received").to_number<int64_t>(),
              bareMetal.at("sent").to_number<int64_t>());
    EXPECT_EQ(FileFrames(s, "vm2-vnicrx-udp.pcap"), 50) << "-c 50";
    EXPECT_EQ(FileFrames(s, "esxi02-vmnic0-tcp.pcap"), 40) << "-c 40";
    EXPECT_GT(FileFrames(s, "pswitch1-Gi0_5-server.pcap"), 0);
    std::string console = Slurp(dir / "out" / "captures.txt");
    EXPECT_NE(console.find("Captured at UplinkSnd point"), std::string::npos);
    EXPECT_NE(console.find("Dumped 3 packet to console"), std::string::npos);
}

// Guest ARP queue (vswitch-sim's endpoints keep 101 packets per address being resolved,
// as Linux guests): with ns-3's own 3, the datagrams sent while ARP resolves beyond those 3
// never reach the vNIC, and arpDrops counts every one of them for its sender and
// destination, so that sent - received is accounted for.
TEST(VswitchSim, ArpDrops_DatagramsBeyondTheArpQueueAreCountedForTheirSender)
{
    fs::path dir = Scratch("arp-drops");
    SimRun r = RunSim({"--output=out",
                       "--ns3::ArpCache::PendingQueueSize=3",
                       "--scenario=" + Source("examples/scenarios/udp-tcp-traffic.json").string()},
                      dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    json::object s = Summary(dir / "out");
    const json::object& udp = TrafficRow(s, 0);
    int64_t lost = udp.at("sent").to_number<int64_t>() - udp.at("received").to_number<int64_t>();
    EXPECT_GT(lost, 0) << "20 Mb/s for up to 10 ms of ARP request jitter is more than 3";
    int64_t counted = 0;
    for (const auto& v : s.at("arpDrops").as_array())
    {
        const json::object& row = v.as_object();
        if (row.at("node").as_string() == "vm1" &&
            row.at("destination").as_string() == "192.168.100.12")
        {
            EXPECT_EQ(row.at("reason").as_string(), "arp-queue-full");
            counted += row.at("packets").to_number<int64_t>();
        }
    }
    EXPECT_EQ(counted, lost);
    EXPECT_NE(r.out.find("  arpDrops: vm1 -> 192.168.100.12: " + std::to_string(lost) +
                         " packets (arp-queue-full)\n"),
              std::string::npos)
        << r.out;
}

// A routed underlay: endpoints in two subnets reach each other through the router, whose
// tagged sub-interface shows in the trunk's pcap, and tables.txt has the router's views.
TEST(VswitchSim, RoutedUnderlay_PingsCrossTheRouterAndTablesShowItsViews)
{
    fs::path dir = Scratch("routed-underlay");
    SimRun r = RunSim({"--output=out",
                       "--scenario=" + Source("examples/scenarios/routed-underlay.json").string()},
                      dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    json::object s = Summary(dir / "out");
    for (std::size_t i = 0; i < 3; ++i)
    {
        const json::object& t = TrafficRow(s, i);
        EXPECT_GT(t.at("sent").to_number<int64_t>(), 0) << i;
        EXPECT_EQ(t.at("received").to_number<int64_t>(), t.at("sent").to_number<int64_t>()) << i;
    }
    std::string tables = Slurp(dir / "out" / "tables.txt");
    EXPECT_NE(tables.find("r1# show ip interface brief\n"
                          "Interface                  IP-Address      OK? Method Status          "
                          "      Protocol\n"
                          "GigabitEthernet0/0         192.168.250.1   YES manual up              "
                          "      up\n"
                          "GigabitEthernet0/1.150     192.168.150.1   YES manual up              "
                          "      up\n"),
              std::string::npos)
        << tables;
    EXPECT_NE(tables.find("r1# show ip route\n"), std::string::npos);
    EXPECT_NE(tables.find("C        192.168.150.0/24 is directly connected, "
                          "GigabitEthernet0/1.150\n"),
              std::string::npos);
    std::string trunk = (dir / "out" / "pswitch2-Gi0_20-router-trunk.pcap").string();
    auto frames = vswitchtest::ReadPcap(trunk);
    ASSERT_FALSE(frames.empty());
    for (const auto& f : frames)
    {
        ASSERT_GE(f.data.size(), 16u);
        EXPECT_EQ((f.data[12] << 8) | f.data[13], 0x8100) << "an untagged frame on the trunk";
        EXPECT_EQ(((f.data[14] << 8) | f.data[15]) & 0x0fff, 150);
    }
    if (vswitchtest::HaveTshark())
    {
        // Echo requests from laptop reach vm1 through one router: TTL 63 on the trunk.
        auto ttls = vswitchtest::Tshark(
            trunk,
            "-Y 'icmp.type == 8 && ip.src == 192.168.250.50' -T fields -e ip.ttl");
        ASSERT_FALSE(ttls.empty());
        for (const auto& t : ttls)
        {
            EXPECT_EQ(t, "63");
        }
    }
}

/// The row of an NSX table whose key field has a value.
const json::object*
NsxRow(const json::value& rows, const char* key, const std::string& value)
{
    for (const auto& r : rows.as_array())
    {
        if (r.at(key).as_string() == value)
        {
            return &r.as_object();
        }
    }
    return nullptr;
}

// Seed 2: VNI 5001 over VXLAN between VTEPs in two routed segments. ARP suppression answers
// vmA's ARP, the echoes cross the underlay VXLAN-encapsulated, the VTEP ping of the seed
// (1572 bytes, DF) fits the 1600-byte transport and one byte more does not; the controller
// and host tables in the summary are seed 2's.
TEST(VswitchSim, Nsx_LogicalSwitchAcrossRoutedVtepsWithTheSeedTables)
{
    fs::path dir = Scratch("nsx-routed");
    SimRun r = RunSim({"--output=out",
                       "--scenario=" + Source("examples/scenarios/nsx-routed-vteps.json").string()},
                      dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    json::object s = Summary(dir / "out");
    EXPECT_EQ(TrafficRow(s, 0).at("sent").to_number<int64_t>(), 1) << "vmB's gratuitous ARP";
    const json::object& vtepPing = TrafficRow(s, 1);
    EXPECT_EQ(vtepPing.at("sent").to_number<int64_t>(), 3);
    EXPECT_EQ(vtepPing.at("received").to_number<int64_t>(), 3) << "1600 bytes with DF fit";
    EXPECT_EQ(vtepPing.at("tooBig").to_number<int64_t>(), 0);
    const json::object& bigPing = TrafficRow(s, 2);
    EXPECT_EQ(bigPing.at("sent").to_number<int64_t>(), 0);
    EXPECT_EQ(bigPing.at("tooBig").to_number<int64_t>(), 1) << "1601 bytes with DF do not";
    EXPECT_GE(TrafficRow(s, 3).at("received").to_number<int64_t>(), 4) << "vmA -> vmB";

    // The controller's view: controller-2 owns VNI 5001 and knows both VTEPs, MACs, IPs.
    const json::object& vni = s.at("nsx").at("5001").as_object();
    std::vector<std::string> keys;
    for (const auto& kv : vni)
    {
        keys.emplace_back(kv.key());
    }
    EXPECT_EQ(keys,
              (std::vector<std::string>{"controller",
                                        "replication",
                                        "arpSuppression",
                                        "vteps",
                                        "macs",
                                        "arps",
                                        "hosts"}));
    EXPECT_EQ(vni.at("controller").as_string(), "controller-2");
    EXPECT_EQ(vni.at("replication").as_string(), "unicast");
    EXPECT_TRUE(vni.at("arpSuppression").as_bool());
    ASSERT_EQ(vni.at("vteps").as_array().size(), 2u);
    const json::object* v1 = NsxRow(vni.at("vteps"), "ip", "192.168.250.51");
    ASSERT_TRUE(v1);
    EXPECT_EQ(v1->at("segment").as_string(), "192.168.250.0");
    EXPECT_EQ(v1->at("mac").as_string(), "00:50:56:61:00:51");
    const json::object* macB = NsxRow(vni.at("macs"), "mac", "00:50:56:bb:bb:bb");
    ASSERT_TRUE(macB);
    EXPECT_EQ(macB->at("vtep").as_string(), "192.168.150.51");
    ASSERT_TRUE(NsxRow(vni.at("macs"), "mac", "00:50:56:aa:aa:aa"));
    const json::object* arpB = NsxRow(vni.at("arps"), "ip", "172.16.10.12");
    ASSERT_TRUE(arpB);
    EXPECT_EQ(arpB->at("mac").as_string(), "00:50:56:bb:bb:bb");

    // esxi01's own view: esxi02's VTEP only (never its own), vmB behind the router's MAC.
    const json::object& h1 = vni.at("hosts").at("esxi01").as_object();
    ASSERT_EQ(h1.at("vteps").as_array().size(), 1u);
    const json::object& remote = h1.at("vteps").as_array()[0].as_object();
    EXPECT_EQ(remote.at("ip").as_string(), "192.168.150.51");
    EXPECT_EQ(remote.at("segment").as_string(), "192.168.150.0");
    EXPECT_TRUE(remote.at("mtep").as_bool()) << "the UTEP of the other segment";
    const json::object* seen = NsxRow(h1.at("macs"), "mac", "00:50:56:bb:bb:bb");
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->at("outerIp").as_string(), "192.168.150.51");
    std::string routerMac(seen->at("outerMac").as_string());
    EXPECT_NE(routerMac, "00:50:56:61:00:52") << "routed: not the remote VTEP's MAC";
    EXPECT_NE(routerMac, "00:00:00:00:00:00");
    ASSERT_TRUE(NsxRow(h1.at("arps"), "ip", "172.16.10.12"));

    std::string tables = Slurp(dir / "out" / "tables.txt");
    for (const char* view :
         {"controller-2 # show control-cluster logical-switches vni 5001\n"
          "VNI      Controller       BUM-Replication  ARP-Proxy\n"
          "5001     192.168.110.202  Enabled          Enabled\n",
          "controller-2 # show control-cluster logical-switches vtep-table 5001\n",
          "controller-2 # show control-cluster logical-switches mac-table 5001\n",
          "controller-2 # show control-cluster logical-switches arp-table 5001\n",
          "[root@esxi01:~] esxcli network ip connection list | grep 1234\n",
          "[root@esxi01:~] esxcli network ip route ipv4 list -N vxlan\n",
          "default        0.0.0.0        192.168.250.2  vmk3       MANUAL\n",
          "[root@esxi01:~] esxcli network ip neighbor list -N vxlan\n",
          "[root@esxi01:~] esxcli network vswitch dvs vmware vxlan network vtep list "
          "--vds-name=Compute_VDS --vxlan-id=5001\n",
          "[root@esxi01:~] esxcli network vswitch dvs vmware vxlan network mac list "
          "--vds-name=Compute_VDS --vxlan-id=5001\n",
          "[root@esxi02:~] esxcli network vswitch dvs vmware vxlan network arp list "
          "--vds-name=Compute_VDS --vxlan-id=5001\n"})
    {
        EXPECT_NE(tables.find(view), std::string::npos) << view << "\n" << tables;
    }
    // The neighbour esxi01's vxlan netstack shows for its gateway is the outer MAC.
    EXPECT_NE(tables.find("192.168.250.2  " + routerMac + "  vmk3"), std::string::npos) << tables;

    if (!vswitchtest::HaveTshark())
    {
        return;
    }
    std::string pcap = (dir / "out" / "pswitch1-Gi0_2-transport.pcap").string();
    // The underlay carries vmA's echoes as VXLAN VNI 5001 with the inner ICMP.
    auto inner = vswitchtest::Tshark(
        pcap,
        "-Y 'vxlan.vni == 5001 && icmp' -T fields -e vlan.id -e udp.dstport -e vxlan.vni "
        "-e ip.src -e ip.dst -e icmp.type");
    int requests = 0;
    int replies = 0;
    for (const auto& line : inner)
    {
        requests += line == "250\t4789\t5001\t192.168.250.51,172.16.10.11\t192.168.150.51,"
                            "172.16.10.12\t8";
        replies += line == "250\t4789\t5001\t192.168.150.51,172.16.10.12\t192.168.250.51,"
                           "172.16.10.11\t0";
    }
    EXPECT_GE(requests, 4) << inner.size() << " VXLAN ICMP frames";
    EXPECT_GE(replies, 4);
    // The VTEP ping: 1600-byte requests with DF, replies through r1 (TTL 63).
    auto vtep = vswitchtest::Tshark(
        pcap,
        "-Y '!vxlan && icmp && ip.addr == 192.168.150.51' -T fields -e icmp.type -e ip.len "
        "-e ip.flags.df -e ip.ttl -e eth.src");
    std::vector<std::string> expected;
    for (int i = 0; i < 3; ++i)
    {
        expected.push_back("8\t1600\t1\t64\t00:50:56:61:00:51");
        expected.push_back("0\t1600\t0\t63\t" + routerMac);
    }
    EXPECT_EQ(vtep, expected);
}

// Seed 2 as its own tables show it: both VTEPs in segment 192.168.250.0, so each host lists
// the other's VTEP (Is MTEP false) and the other VM behind that VTEP's own MAC; the VTEP
// ping of 1572 bytes with DF crosses the 1600-byte transport and the router.
TEST(VswitchSim, Seed2_TheSeedsTablesFromItsScenario)
{
    fs::path dir = Scratch("seed2");
    SimRun r =
        RunSim({"--output=out",
                "--scenario=" + Source("examples/scenarios/seed2-logical-switch.json").string()},
               dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    json::object s = Summary(dir / "out");
    EXPECT_EQ(TrafficRow(s, 2).at("received").to_number<int64_t>(), 1) << "the VTEP ping";
    EXPECT_EQ(TrafficRow(s, 3).at("received").to_number<int64_t>(), 5) << "A -> B";
    const json::object& vni = s.at("nsx").at("5001").as_object();
    EXPECT_EQ(vni.at("controller").as_string(), "controller-2");
    const json::object& h1 = vni.at("hosts").at("esxi01").as_object();
    ASSERT_EQ(h1.at("vteps").as_array().size(), 1u);
    const json::object& other = h1.at("vteps").as_array()[0].as_object();
    EXPECT_EQ(other.at("ip").as_string(), "192.168.250.52");
    EXPECT_EQ(other.at("segment").as_string(), "192.168.250.0");
    EXPECT_FALSE(other.at("mtep").as_bool());
    const json::object* seen = NsxRow(h1.at("macs"), "mac", "00:50:56:bb:bb:bb");
    ASSERT_TRUE(seen);
    EXPECT_EQ(seen->at("outerMac").as_string(), "00:50:56:61:00:52") << "same segment";
    EXPECT_EQ(seen->at("outerIp").as_string(), "192.168.250.52");
    const json::object* arpB = NsxRow(h1.at("arps"), "ip", "172.16.10.12");
    ASSERT_TRUE(arpB);
    EXPECT_EQ(arpB->at("mac").as_string(), "00:50:56:bb:bb:bb");
    std::string tables = Slurp(dir / "out" / "tables.txt");
    for (const char* line : {"5001     192.168.250.51   192.168.250.0    00:50:56:61:00:51\n",
                             "5001     192.168.250.52   192.168.250.0    00:50:56:61:00:52\n",
                             "192.168.250.52   192.168.250.0    false\n",
                             "00:50:56:bb:bb:bb  00:50:56:61:00:52  192.168.250.52\n",
                             "5001     172.16.10.12     00:50:56:bb:bb:bb\n"})
    {
        EXPECT_NE(tables.find(line), std::string::npos) << line << "\n" << tables;
    }
}

// The controller events: controller-2 stops (VNI 5001 moves to another controller, the
// hosts report to it) and comes back; both appear in scenarioEvents, and at the end
// controller-2 owns the VNI again with every table refilled.
TEST(VswitchSim, Nsx_ControllerDownAndUpMoveTheSliceAndAppearInScenarioEvents)
{
    fs::path dir = Scratch("nsx-controller-events");
    json::value v = json::parse(Slurp(Source("examples/scenarios/nsx-routed-vteps.json")));
    json::array events;
    events.push_back(
        json::parse(R"({"at": "1.5s", "type": "controller-down", "controller": "controller-2"})"));
    events.push_back(
        json::parse(R"({"at": "5s", "type": "controller-up", "controller": "controller-2"})"));
    v.as_object()["events"] = std::move(events);
    std::ofstream(dir / "lab.json") << json::serialize(v);
    SimRun r = RunSim({"--output=out", "--scenario=lab.json"}, dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    json::object s = Summary(dir / "out");
    const json::array& fired = s.at("scenarioEvents").as_array();
    ASSERT_EQ(fired.size(), 2u);
    EXPECT_EQ(fired[0].at("type").as_string(), "controller-down");
    EXPECT_EQ(fired[0].at("what").as_string(), "controller-2");
    EXPECT_DOUBLE_EQ(fired[0].at("time").to_number<double>(), 1.5);
    EXPECT_EQ(fired[1].at("type").as_string(), "controller-up");
    EXPECT_GE(TrafficRow(s, 3).at("received").to_number<int64_t>(), 4);
    const json::object& vni = s.at("nsx").at("5001").as_object();
    EXPECT_EQ(vni.at("controller").as_string(), "controller-2");
    EXPECT_EQ(vni.at("vteps").as_array().size(), 2u) << "the hosts reported again";
    EXPECT_EQ(vni.at("macs").as_array().size(), 2u);
    EXPECT_EQ(vni.at("arps").as_array().size(), 2u);
}

TEST(VswitchSim, CommandLine_StopTimeAndAttributeOverridesApply)
{
    fs::path dir = Scratch("cmdline");
    SimRun r = RunSim({"--output=out",
                       "--stopTime=3500ms",
                       "--RngRun=3",
                       "--ns3::VSwitch::NotifySwitchesRarpCount=1"},
                      dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    json::object s = Summary(dir / "out");
    EXPECT_EQ(s.at("stopTime").as_string(), "3500ms");
    EXPECT_EQ(TrafficRow(s, 0).at("sent").to_number<int64_t>(), 3) << "pings at 1, 2 and 3 s";
    // Each RARP vm1 sends on connect is flooded to both of esxi02's uplinks and one copy
    // is dropped by reverse teaming at vm2's port: fewer RARPs, fewer drops.
    SimRun many = RunSim({"--output=out2", "--stopTime=3500ms"}, dir);
    ASSERT_TRUE(many.exited && many.status == 0);
    json::object s2 = Summary(dir / "out2");
    int64_t port = PortOf(s, "esxi02", "vm2.eth0").at("portId").to_number<int64_t>();
    EXPECT_LT(Drops(s, "esxi02", "reverse-teaming", port),
              Drops(s2, "esxi02", "reverse-teaming", port))
        << "--ns3::VSwitch::NotifySwitchesRarpCount=1 was not applied";
}

// --stopTime replaces the file's stopTime and is checked like it: an event or a traffic
// start it cuts off is the same error, naming --stopTime.
TEST(VswitchSim, CommandLine_StopTimeBeforeAnEventOrTrafficStartIsAnErrorLikeTheFiles)
{
    fs::path dir = Scratch("cmdline-stoptime");
    std::string failover = Source("examples/scenarios/failover-link-down.json").string();
    for (bool validate : {true, false})
    {
        std::vector<std::string> args = {"--scenario=" + failover,
                                         "--stopTime=10s",
                                         "--output=out"};
        if (validate)
        {
            args.push_back("--validate");
        }
        SimRun r = RunSim(args, dir);
        ASSERT_TRUE(r.exited);
        EXPECT_EQ(r.status, 2) << r.err;
        EXPECT_EQ(r.err,
                  failover + ": events[1].at: 11.1s is after --stopTime=10s (the event would never "
                             "happen)\n1 error; nothing was simulated\n");
        EXPECT_FALSE(fs::exists(dir / "out" / "summary.json")) << "nothing simulated";
    }
    // The same line as for the file's own stopTime.
    json::object lab = json::parse(Slurp(failover)).as_object();
    lab["stopTime"] = "10s";
    std::ofstream(dir / "short.json") << json::serialize(lab);
    SimRun file = RunSim({"--validate", "--scenario=short.json"}, dir);
    EXPECT_EQ(file.status, 2);
    EXPECT_NE(file.err.find("short.json: events[1].at: 11.1s is after stopTime 10s (the event "
                            "would never happen)"),
              std::string::npos)
        << file.err;

    // Traffic that would start at or after it.
    std::string base = Source("test/scenarios/valid-base.json").string();
    SimRun traffic = RunSim({"--validate", "--scenario=" + base, "--stopTime=500ms"}, dir);
    EXPECT_EQ(traffic.status, 2);
    EXPECT_NE(traffic.err.find(base + ": traffic[0].start: 1s is not before --stopTime=500ms"),
              std::string::npos)
        << traffic.err;

    // What is checked is the stop time that applies: a later --stopTime lets the file's
    // late event happen.
    fs::copy_file(Source("test/scenarios/broken/event-after-stop.json"),
                  dir / "late.json",
                  fs::copy_options::overwrite_existing);
    SimRun later = RunSim({"--scenario=late.json", "--stopTime=10s", "--output=late"}, dir);
    EXPECT_EQ(later.status, 0) << later.err;
    EXPECT_EQ(Summary(dir / "late").at("stopTime").as_string(), "10s");
}

TEST(VswitchSim, CommandLine_BadOptionsExitWithStatus2)
{
    fs::path dir = Scratch("badcmd");
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"--frobnicate"},
                                               {"--ns3::VSwitch::NoSuchAttribute=1"},
                                               {"--ns3::VSwitch::ReversePathFwdCheck=maybe"},
                                               {"--stopTime=soon"},
                                               {"--RngRun=abc"},
                                               // Not a scheduler: ns-3 would abort (or, once
                                               // the simulator exists, ignore it).
                                               {"--SchedulerType=ns3::NoSuchScheduler"},
                                               {"--SchedulerType=ns3::VSwitch"},
                                               {"--scenario=does-not-exist.json"},
                                               {"a.json", "b.json"}})
    {
        SimRun r = RunSim(args, dir);
        EXPECT_TRUE(r.exited) << args[0];
        EXPECT_EQ(r.status, 2) << args[0] << ": " << r.err;
        EXPECT_FALSE(r.err.empty()) << args[0];
    }
}

/// One broken file, the message fragments it must produce, and whether --validate sees it.
struct Broken
{
    const char* file;
    std::vector<std::string> fragments;
    bool caughtByValidate;
};

TEST(VswitchSim, BrokenFiles_AreReportedWithFilePathAndFixAndExitStatus2)
{
    const std::vector<Broken> cases = {
        {"syntax-double-comma.json",
         {"syntax-double-comma.json: line 3, column 20: JSON syntax error"},
         true},
        {"syntax-truncated.json", {"JSON syntax error: the file ends inside a value"}, true},
        {"syntax-comment.json",
         {"syntax-comment.json: line 2, column 3: JSON syntax error", "no comments"},
         true},
        {"not-an-object.json", {"(top level): expected an object { ... }, got an array"}, true},
        {"unknown-key-top.json",
         {"unknown-key-top.json: stoptime: unknown key (did you mean \"stopTime\"?)"},
         true},
        {"unknown-key-port-group.json",
         {"hosts[0].vswitches[0].portGroups[0].vlanId: unknown key (did you mean \"vlan\"?)"},
         true},
        {"wrong-type-vlan.json",
         {"portGroups[0].vlan: expected an integer 0-4095, got string \"100\""},
         true},
        {"wrong-type-array.json",
         {"wrong-type-array.json: hosts: expected an array [ ... ], got an object"},
         true},
        {"vlan-out-of-range.json",
         {"hosts[0].vswitches[0].portGroups[0].vlan: 5000 is out of range 0-4095"},
         true},
        {"limit-out-of-range.json",
         {"hosts[0].vswitches[0].macLearning.limit: 5000 is out of range 1-4096"},
         true},
        {"bad-time.json", {"stopTime: \"10 seconds\" is not a time", "e.g. \"1s\""}, true},
        // A time whose count overflows ns-3's 64-bit Time is out of range, not 0.
        {"time-overflow.json",
         {"stopTime: \"1e300s\" is out of range 0.001s-86400s", "1 error; nothing"},
         true},
        // A stopTime already refused is not compared with events and traffic (no follow-on
        // errors naming a stopTime the file does not have).
        {"bad-stop-time-no-follow-on.json",
         {"stopTime: \"ten seconds\" is not a time (a number and a unit without a space: y, d, "
          "h, min, s, ms, us, ns, ps, fs",
          "1 error; nothing was simulated"},
         true},
        {"repeated-trunk-vlan-and-mirror-source.json",
         {"switches[0].ports[0].vlans[2]: VLAN 100 is already in the list (name each VLAN once)",
          "switches[0].mirrors[0].sources[1]: \"Gi0/1\" is already a source of this session",
          "2 errors; nothing was simulated"},
         true},
        {"loopback-and-reserved-ip.json",
         {"hosts[0].vms[0].nics[0].ip: \"127.0.0.2/8\" is not a unicast host address "
          "(127.0.0.0/8 is loopback)",
          "hosts[0].vms[1].nics[0].ip: \"240.0.0.5/24\" is not a unicast host address "
          "(240.0.0.0/4 is reserved)"},
         true},
        // An empty "vm" in a capture is an error at --validate, not a failure at run time.
        {"capture-empty-vm.json", {"captures[1].vm: is empty: name the VM (e.g. \"vm1\")"}, true},
        {"bad-rate.json",
         {"links[0].dataRate: \"10Gb\" is not a data rate (e.g. \"10Gbps\""},
         true},
        {"bad-mac.json",
         {"hosts[0].vms[0].nics[0].mac: \"00:50:56:9d:43\" is not a MAC address"},
         true},
        {"multicast-mac.json",
         {"hosts[0].vms[0].nics[0].mac: \"01:00:5e:00:00:01\" is a multicast MAC"},
         true},
        {"bad-ip.json",
         {"hosts[0].vms[0].nics[0].ip: \"192.168.100.11\" is not an IPv4 address with a prefix"},
         true},
        {"unknown-port-group.json",
         {"hosts[0].vms[1].nics[0].portGroup: host esxi01 has no port group \"VM Netwrk\" (port "
          "groups: \"VM Network\")"},
         true},
        {"unknown-uplink-nic.json",
         {"hosts[0].vswitches[0].uplinks[1]: \"vmnic9\" is not a NIC of host esxi01 (NICs: vmnic2, "
          "vmnic3)"},
         true},
        {"teaming-unknown-uplink.json",
         {"hosts[0].vswitches[0].teaming.active[1]: \"vmnic4\" is not an uplink of vSwitch0 "
          "(uplinks: vmnic2, vmnic3)"},
         true},
        {"unknown-traffic-vm.json",
         {"traffic[0].from: \"vm9\" is no VM, vmknic (host:vmkN) or switch host"},
         true},
        {"unknown-capture-vm.json", {"captures[0].vm: \"vm7\" is no VM"}, true},
        {"unknown-switch-port.json", {"links[1].b: switch pswitch1 has no port \"Gi0/9\""}, true},
        {"unknown-link-host.json",
         {"links[0].a: \"esxi09\" is neither a switch nor an ESXi host"},
         true},
        {"duplicate-vm-name.json",
         {"hosts[0].vms[1].name: VM \"vm1\" already exists on host esxi01"},
         true},
        {"duplicate-mac.json",
         {"hosts[0].vms[1].nics[0].mac: 00:50:56:9d:43:42 is already the MAC of "
          "hosts[0].vms[0].nics[0]"},
         true},
        {"duplicate-ip.json",
         {"hosts[0].vms[1].nics[0].ip: 192.168.100.11 is already the address of "
          "hosts[0].vms[0].nics[0]"},
         true},
        {"duplicate-port-group.json",
         {"portGroups[1].name: port group \"VM Network\" already exists on host esxi01"},
         true},
        {"two-links-one-port.json",
         {"links[1].b: pswitch1:Gi0/1 is already cabled (by links[0]; one link per port)"},
         true},
        {"missing-vm-name.json", {"hosts[0].vms[1].name: missing (required, e.g. \"vm1\")"}, true},
        {"bad-pktcap-option.json",
         {"captures[0].pktcap: pktcap-uw: --dir 7: not a direction"},
         true},
        // Was reported at captures[0].pktcap as "-o needs a value (got option -rx.pcap)".
        {"capture-output-starting-with-dash.json",
         {"captures[0].output: \"-rx.pcap\" is not a plain file name for the output folder",
          "not starting with '.' or '-'"},
         true},
        {"mac-learning-on-standard.json",
         {"portGroups[0].macLearning.enabled: MAC learning needs a distributed switch"},
         true},
        {"event-after-stop.json", {"events[0].at: 9s is after stopTime 5s"}, true},
        {"dvs-unknown-host.json",
         {"dvs-unknown-host.json: distributedSwitches[0].hosts[1].host: \"esxi09\" is no ESXi host "
          "(hosts: esxi01, esxi02)"},
         true},
        {"dvs-host-listed-twice.json",
         {"distributedSwitches[0].hosts[1].host: esxi02 is already a member of DSwitch "
          "(distributedSwitches[0].hosts[0]; a host joins a distributed switch once)"},
         true},
        {"dvs-vmnic-mapped-twice.json",
         {"distributedSwitches[0].hosts[0].uplinks[\"Uplink 2\"]: \"vmnic0\" is already mapped "
          "to another dvUplink of DSwitch (one vmnic per dvUplink)"},
         true},
        {"dvs-vmnic-not-a-nic.json",
         {"distributedSwitches[0].hosts[0].uplinks[\"Uplink 1\"]: \"vmnic7\" is not a NIC of "
          "host esxi02 (NICs: vmnic0, vmnic1)"},
         true},
        {"dvs-vmnic-already-an-uplink.json",
         {"distributedSwitches[0].hosts[0].uplinks[\"Uplink 2\"]: \"vmnic1\" is already an "
          "uplink of vSwitch0 (hosts[1].vswitches[0]) on host esxi02 (a NIC is the uplink of one "
          "switch)",
          "distributedSwitches[1].hosts[0].uplinks[\"Uplink 1\"]: \"vmnic0\" is already an "
          "uplink of distributed switch DSwitch on host esxi02"},
         true},
        {"dvs-unknown-dvuplink.json",
         {"distributedSwitches[0].hosts[0].uplinks[\"Uplink 3\"]: \"Uplink 3\" is not a "
          "dvUplink of DSwitch (dvUplinks: Uplink 1, Uplink 2)",
          "distributedSwitches[0].portGroups[0].teaming.standby[0]: \"Uplink 9\" is not a "
          "dvUplink of DSwitch (dvUplinks: Uplink 1, Uplink 2)"},
         true},
        {"dvs-mac-learning-on-6.5.json",
         {"distributedSwitches[0].portGroups[0].macLearning.enabled: MAC learning needs a "
          "version 6.7 or later distributed switch (DSwitch is version 6.5; set its \"version\" "
          "to \"6.7\" or \"7.0\")"},
         true},
        {"dvs-duplicate-port-group.json",
         {"distributedSwitches[0].portGroups[1].name: port group \"VM Network\" already exists "
          "on member host esxi02 (hosts[1].vswitches[0].portGroups[0]; port group names are "
          "unique on a host across its switches)",
          "distributedSwitches[0].portGroups[2].name: dvPortgroup \"DV-PG\" already exists on "
          "DSwitch (distributedSwitches[0].portGroups[0])"},
         true},
        {"dvs-name-clash.json",
         {"distributedSwitches[0].hosts[0].host: host esxi02 already has a vSwitch named "
          "\"DSwitch\" (hosts[1].vswitches[0]; its proxy switch takes the distributed switch's "
          "name)",
          "distributedSwitches[1].name: distributed switch \"DSwitch\" already exists "
          "(distributedSwitches[0])"},
         true},
        {"dvs-unknown-key.json",
         {"distributedSwitches[0].portgroups: unknown key (did you mean \"portGroups\"?)",
          "distributedSwitches[0].hosts[0].uplink: unknown key (did you mean \"uplinks\"?)"},
         true},
        {"vmotion-unknown-vm-or-host.json",
         {"events[0].vm: \"vm9\" is no VM (a VM by name, or by path \"esxi01/vm1\")",
          "events[1].to: \"esxi09\" is no ESXi host (hosts: esxi01, esxi02)"},
         true},
        {"vmotion-to-the-host-it-runs-on.json",
         {"events[0].to: vm1 runs on esxi01 at 1s (a vMotion goes to another host)",
          "events[2].to: vm2 runs on esxi02 at 10s, where events[1] moved it (a vMotion goes to "
          "another host)",
          "2 errors; nothing was simulated"},
         true},
        {"vmotion-destination-lacks-port-group.json",
         {"events[0].to: host esxi01 has no port group \"DV-PG\", which vm3's NICs use (every "
          "port group of the VM must exist on the destination)"},
         true},
        {"vmotion-while-moving.json",
         {"events[1].at: vm1 is still moving at 3s (events[0] moves it from 1s until its "
          "switchover at 3.5s; start this vMotion after that)",
          "events[2].at: vm1 is moving at 2s (events[0] moves it from 1s until its switchover at "
          "3.5s; a guest-mac event goes before or after)"},
         true},
        {"vmotion-after-stop.json", {"events[0].at: 9s is after stopTime 5s"}, true},
        {"vmotion-missing-duration-unknown-key.json",
         {"events[0].stunTime: unknown key (keys here: at, type, vm, to, duration, stun)",
          "events[0].duration: missing (required, e.g. \"1s\")"},
         true},
        {"vmotion-nested-vm.json",
         {"events[0].vm: \"esxi01/nested1/vmA\" is a VM of the nested host esxi01/nested1: not "
          "supported: move the nested ESXi VM itself (\"vm\": \"esxi01/nested1\" moves the "
          "nested host with every VM in it)",
          "events[1].to: esxi01/nested1 runs inside nested1 (a VM cannot move into itself)"},
         true},
        {"storm-control-bad-traffic-and-level.json",
         {"events[0].traffic: \"bcast\" is not one of broadcast, multicast, unicast",
          "events[0].level: 101 is out of range 0-100"},
         true},
        // NSX: VTEPs on a distributed switch their host is a member of, unique addresses,
        // gateways in the VTEP's subnet, VMs on logical switches only where a VTEP carries them.
        {"nsx-vteps.json",
         {"nsx-vteps.json: nsx.vteps[0].vswitch: \"vSwitch0\" is a standard vSwitch of host "
          "esxi01: a VTEP is a vmknic on a vCenter distributed switch (name a distributed switch "
          "it is a member of: \"Compute_VDS\")",
          "nsx.vteps[1].vswitch: host esxi02 is not a member of distributed switch Compute_VDS "
          "(add it to distributedSwitches[0].hosts",
          "nsx.vteps[1].ip: 192.168.250.51 is already the address of nsx.vteps[0] (addresses "
          "must be unique; every VTEP has its own)",
          "nsx.vteps[1].gateway: 192.168.150.2 is not in the subnet of \"ip\" 192.168.250.51/24",
          "nsx.vteps[2].vswitch: \"vSwitch1\" is a host-level distributed vSwitch of host "
          "esxi03: a VTEP is a vmknic on a vCenter distributed switch",
          "hosts[3].vms[0].nics[0].portGroup: \"web\" is logical switch VNI 5001 "
          "(nsx.logicalSwitches[0]), and host esxi04 has no VTEP to carry it (add { \"host\": "
          "\"esxi04\", \"vswitch\": ..., \"ip\": ... } to nsx.vteps, or put the VM on a host "
          "with a VTEP)",
          "6 errors; nothing was simulated"},
         true},
        // NSX: VNIs in range and unique, names unique and no port group's, replication modes
        // with their group, controllers that exist.
        {"nsx-logical-switches.json",
         {"nsx.logicalSwitches[0].vni: 4999 is out of range 5000-16777215 (NSX hands out VNIs "
          "from 5000 up; a VNI has 24 bits)",
          "nsx.logicalSwitches[6].vni: 16777216 is out of range 5000-16777215",
          "nsx.logicalSwitches[1].name: \"web\" is already the name of nsx.logicalSwitches[0] "
          "(logical switch names are unique",
          "nsx.logicalSwitches[2].vni: VNI 4999 is already the VNI of nsx.logicalSwitches[0] "
          "(one logical switch per VNI; give this one another VNI)",
          "nsx.logicalSwitches[2].multicastGroup: missing: multicast replication sends BUM "
          "traffic to the VNI's multicast group (add \"multicastGroup\": \"239.0.0.1\", or use "
          "\"replication\": \"unicast\")",
          "nsx.logicalSwitches[3].multicastGroup: missing: hybrid replication",
          "nsx.logicalSwitches[4].name: \"VM Network\" is already a port group of host esxi01 "
          "(a logical switch appears as a port group named after it; rename the logical switch "
          "or the port group)",
          "nsx.logicalSwitches[5].replication: \"broadcast\" is not one of unicast, multicast, "
          "hybrid",
          "events[0].controller: no controller \"controller-9\" (controllers: \"controller-1\", "
          "\"controller-2\", \"controller-3\")",
          "10 errors; nothing was simulated"},
         true},
        {"many-errors.json",
         {"many-errors.json: stopTime: \"fast\" is not a time",
          "many-errors.json: hosts[0].vswitches[0].portGroups[0].vlan: -1 is out of range 0-4095",
          "many-errors.json: traffic[0].to: \"192.168.100.300\" is not an IPv4 address",
          "3 errors; nothing was simulated"},
         true},
        // A real switch suspends a LAG member configured unlike the others.
        {"lag-members-configured-differently.json",
         {"lag-members-configured-differently.json: switches[0].lags[0].members[1]: "
          "port-channel Po1: member Gi0/2 is an access port in VLAN 100, member Gi0/1 a trunk "
          "of VLANs 100 with native VLAN 1: a real switch suspends the odd member (Cisco: "
          "\"suspended: incompatible configuration\"); configure the members of Po1 alike",
          "switches[0].lags[1].members[1]: port-channel Po2: member Gi0/5 is a trunk of VLANs "
          "100,200 with native VLAN 1, member Gi0/4 a trunk of VLANs 100 with native VLAN 1",
          "switches[0].lags[2].members[1]: port-channel Po3: member Gi0/7 is a trunk of VLANs "
          "100 with native VLAN 100, member Gi0/6 a trunk of VLANs 100 with native VLAN 1",
          "3 errors; nothing was simulated"},
         true},
        // The routed underlay: ports the router interfaces plug into, and addresses.
        {"router-ports.json",
         {"routers[0].interfaces[0].switch: no switch \"pswitch9\" (switches: pswitch1, pswitch2)",
          "routers[0].interfaces[1].port: switch pswitch1 has no port \"Gi0/99\" (ports: Gi0/1, "
          "Gi0/5, Gi0/20; add it to the switch's \"ports\")",
          "routers[0].interfaces[2].port: pswitch1:Gi0/5 already has something plugged in "
          "(switches[0].hosts[0]; a router interface takes a port of its own)",
          "routers[0].interfaces[3].vlan: pswitch1:Gi0/20 is an access port in VLAN 250: a "
          "tagged sub-interface needs a trunk (remove \"vlan\" to use the access VLAN, or give "
          "the port \"mode\": \"trunk\")",
          "routers[0].interfaces[4].vlan: trunk pswitch2:Gi0/20 does not carry VLAN 160 (add it "
          "to the port's \"vlans\")",
          "links[0].b: pswitch2:Gi0/21 is already cabled (by routers[0].interfaces[5]",
          "6 errors; nothing was simulated"},
         true},
        {"router-addresses.json",
         {"routers[0].interfaces[0].ip: \"192.168.250.1/33\" is not an IPv4 address with a "
          "prefix",
          "routers[0].interfaces[2].ip: 10.1.2.1/24 overlaps 10.1.0.1/16 of "
          "routers[0].interfaces[1] on the same router (each interface needs a subnet of its "
          "own)",
          "routers[1].interfaces[0].ip: 192.168.250.50 is already the address of "
          "switches[0].hosts[0] (addresses must be unique)",
          "routers[1].interfaces[1].ip: 10.1.9.0/24 overlaps 10.1.0.0/16 of "
          "routers[0].interfaces[1] (routers on one segment use the same network and prefix; "
          "other subnets must not overlap)",
          "switches[0].hosts[0].gateway: 192.168.150.1 is not in the subnet of \"ip\" "
          "192.168.250.50/24 (192.168.250.0/24; a gateway is on the same link",
          "switches[0].hosts[1].gateway: a gateway needs an address on the same NIC (add \"ip\"",
          "hosts[0].vmknics[1].gateway: the host esxi01 has one IP stack and one default route, "
          "and hosts[0].vmknics[0] already sets it (keep one \"gateway\")",
          "7 errors; nothing was simulated"},
         true},
        {"emulate-references.json",
         {"emulate[0].switch: no switch \"pswitch9\" (switches: pswitch1)",
          "emulate[1].port: switch pswitch1 has no port \"Gi0/99\"",
          "emulate[2].port: pswitch1:Gi0/1 already has something plugged in (links[0]; a tap "
          "needs a free port)",
          "emulate[3].port: pswitch1:Gi0/3 is a member of Po1",
          "emulate[5].tap: tap vsw4 is already bound (by emulate[4]; one port per tap)"},
         true},
        {"emulate-structure.json",
         {"emulate[0].tap: \"tap/with-slash\" cannot name a Linux interface",
          "emulate[1].interface: unknown key",
          "emulate[1].tap: missing (required, e.g. \"vsw0\")",
          "realtime.synchronization: \"hard\" is not one of best-effort, hard-limit",
          "realtime.hardLimit: \"-1ms\" is not a time"},
         true},
        {"model-error-lag-member-mirror.json",
         {"model-error-lag-member-mirror.json: switches[0].mirrors[0]: PhysicalSwitch pswitch1: "
          "port "
          "Gi0/1 is a member of Po1 and cannot be a mirror destination"},
         false},
    };
    EXPECT_GE(cases.size(), 20u);
    fs::path dir = Scratch("broken");
    fs::path broken = Source("test/scenarios/broken");
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(broken))
    {
        files += e.path().extension() == ".json" ? 1 : 0;
    }
    EXPECT_EQ(files, cases.size()) << "every broken file has its expected message here";
    for (const auto& c : cases)
    {
        fs::copy_file(broken / c.file, dir / c.file, fs::copy_options::overwrite_existing);
        SimRun r = RunSim({std::string("--scenario=") + c.file, "--output=out"}, dir);
        ASSERT_TRUE(r.exited) << c.file << ": signal " << r.signal;
        EXPECT_EQ(r.status, 2) << c.file << ": " << r.err;
        for (const auto& f : c.fragments)
        {
            EXPECT_NE(r.err.find(f), std::string::npos)
                << c.file << ": expected\n  " << f << "\ngot\n"
                << r.err;
        }
        EXPECT_EQ(r.err.rfind(c.file, 0), 0u) << "messages start with the file name: " << r.err;
        EXPECT_FALSE(fs::exists(dir / "out" / "summary.json")) << c.file << ": nothing simulated";
        SimRun v = RunSim({"--validate", std::string("--scenario=") + c.file}, dir);
        EXPECT_EQ(v.status, c.caughtByValidate ? 2 : 0) << c.file;
    }
    // The base the broken files were made from is itself good.
    SimRun good =
        RunSim({"--output=out", "--scenario=" + Source("test/scenarios/valid-base.json").string()},
               dir);
    EXPECT_TRUE(good.exited && good.status == 0) << good.err;
}

TEST(VswitchSim, Fuzz_TruncatedAndMutatedFilesNeverCrashOrHang)
{
    std::vector<std::string> sources;
    for (const auto& e : fs::directory_iterator(Source("examples/scenarios")))
    {
        sources.push_back(Slurp(e.path()));
    }
    sources.push_back(Slurp(Source("test/scenarios/valid-base.json")));
    ASSERT_GE(sources.size(), 4u);
    fs::path dir = Scratch("fuzz");
    std::mt19937 rng(20240611);
    const char alphabet[] = "0123456789{}[]\":,. -abcdefxyzAGMs/\\\n";
    int counts[3] = {0, 0, 0};
    for (int i = 0; i < 300; ++i)
    {
        std::string text = sources[rng() % sources.size()];
        if (i % 3 == 0)
        {
            text.resize(rng() % text.size());
        }
        else
        {
            int edits = 1 + rng() % 4;
            for (int k = 0; k < edits; ++k)
            {
                std::size_t pos = rng() % text.size();
                switch (rng() % 3)
                {
                case 0:
                    text[pos] = alphabet[rng() % (sizeof(alphabet) - 1)];
                    break;
                case 1:
                    text[pos] = static_cast<char>(rng() % 256);
                    break;
                default:
                    text.erase(pos, 1 + rng() % 8);
                    break;
                }
            }
        }
        std::string name = "case" + std::to_string(i) + ".json";
        std::ofstream(dir / name, std::ios::binary) << text;
        SimRun r =
            RunSim({"--scenario=" + name, "--output=out" + std::to_string(i % 4), "--stopTime=4s"},
                   dir,
                   {},
                   60);
        ASSERT_FALSE(r.timedOut) << name << " hung";
        ASSERT_TRUE(r.exited) << name << " died with signal " << r.signal << "\n" << r.err;
        ASSERT_TRUE(r.status == 0 || r.status == 1 || r.status == 2)
            << name << " exit status " << r.status << "\n"
            << r.err;
        counts[r.status]++;
        if (r.status == 0 || r.status == 1)
        {
            fs::remove(dir / name);
        }
    }
    // The mutations must exercise both paths: rejected files and files that still run.
    EXPECT_GT(counts[2], 50);
    EXPECT_GT(counts[0], 5);
}

/// Every host of a scenario (nested ones inside their VM), by reference: ref -> its JSON.
void
CollectHosts(const json::array& hosts,
             const std::string& prefix,
             std::vector<std::pair<std::string, json::object>>& out)
{
    for (const auto& hv : hosts)
    {
        const json::object& h = hv.as_object();
        std::string ref = prefix + std::string(h.at("name").as_string());
        out.emplace_back(ref, h);
        if (const json::value* vms = h.if_contains("vms"))
        {
            for (const auto& vv : vms->as_array())
            {
                const json::object& vm = vv.as_object();
                if (const json::value* nested = vm.if_contains("nestedHost"))
                {
                    json::object n = nested->as_object();
                    n["name"] = vm.at("name");
                    json::array one;
                    one.push_back(n);
                    CollectHosts(one, ref + "/", out);
                }
            }
        }
    }
}

TEST(VswitchSim, Topology_EveryHostVmSwitchPortAndCableIsInThePicture)
{
    ASSERT_EQ(std::system("command -v dot >/dev/null 2>&1"), 0)
        << "graphviz's dot is needed for topology.svg (apt-get install graphviz)";
    fs::path dir = Scratch("topology");
    int n = 0;
    for (const auto& e : fs::directory_iterator(Source("examples/scenarios")))
    {
        std::string out = "out" + std::to_string(n++);
        SimRun r = RunSim({"--scenario=" + e.path().string(), "--output=" + out}, dir);
        ASSERT_TRUE(r.exited && r.status == 0) << e.path() << ": " << r.err;
        EXPECT_EQ(r.err.find("topology"), std::string::npos) << r.err;
        std::string dot = Slurp(dir / out / "topology.dot");
        std::string svg = Slurp(dir / out / "topology.svg");
        ASSERT_EQ(dot.rfind("graph topology {", 0), 0u) << e.path();
        ASSERT_NE(svg.find("</svg>"), std::string::npos) << e.path() << ": svg not whole";
        json::object sc = json::parse(Slurp(e.path())).as_object();
        std::vector<std::pair<std::string, json::object>> hosts;
        CollectHosts(sc.at("hosts").as_array(), "", hosts);
        for (const auto& [ref, h] : hosts)
        {
            EXPECT_NE(dot.find("subgraph \"cluster_" + ref + "\""), std::string::npos)
                << e.path() << ": host " << ref;
            if (const json::value* vms = h.if_contains("vms"))
            {
                for (const auto& vv : vms->as_array())
                {
                    const json::object& vm = vv.as_object();
                    if (vm.contains("nestedHost"))
                    {
                        continue;
                    }
                    std::string id = "vm:" + ref + "/" + std::string(vm.at("name").as_string());
                    // The VM, and a line from it to its port group.
                    EXPECT_NE(dot.find("\"" + id + "\" -- \"vs:" + ref + "/"), std::string::npos)
                        << e.path() << ": VM " << id << " not on a switch";
                    std::string title; // as Graphviz writes it in the svg
                    for (char c : id)
                    {
                        title += c == '-' ? std::string("&#45;") : std::string(1, c);
                    }
                    EXPECT_NE(svg.find("<title>" + title + "</title>"), std::string::npos)
                        << e.path() << ": VM " << id << " not drawn";
                }
            }
        }
        // Every configured port on its switch's front panel, every cable between a NIC and
        // the port it is plugged in.
        std::map<std::string, std::vector<std::string>> ports;
        for (const auto& swv : sc.at("switches").as_array())
        {
            const json::object& sw = swv.as_object();
            std::string name(sw.at("name").as_string());
            for (const auto& pv : sw.at("ports").as_array())
            {
                ports[name].emplace_back(pv.as_object().at("name").as_string());
            }
        }
        for (const auto& lv : sc.at("links").as_array())
        {
            std::string a(lv.as_object().at("a").as_string());
            std::string b(lv.as_object().at("b").as_string());
            auto end = [&](const std::string& ep) {
                std::string node = ep.substr(0, ep.find(':'));
                std::string intf = ep.substr(ep.find(':') + 1);
                auto it = ports.find(node);
                if (it == ports.end())
                {
                    return "\"nic:" + node + "/" + intf + "\"";
                }
                auto p = std::find(it->second.begin(), it->second.end(), intf);
                EXPECT_NE(p, it->second.end()) << ep;
                return "\"sw:" + node + "\":\"p" + std::to_string(p - it->second.begin()) + "\":n";
            };
            std::string line = end(a) + " -- " + end(b);
            EXPECT_NE(dot.find(line), std::string::npos)
                << e.path() << ": cable " << a << " - " << b << " (" << line << ")";
        }
    }
    EXPECT_GE(n, 10);
}

TEST(VswitchSim, Topology_WithoutGraphvizTheDotFileIsWrittenAndAWarningSaysWhy)
{
    fs::path dir = Scratch("topology-no-dot");
    const char* path = std::getenv("PATH");
    std::string saved = path ? path : "";
    setenv("PATH", "/nonexistent", 1); // the child inherits it; vswitch-sim is run by its path
    SimRun r = RunSim({"--output=out"}, dir);
    setenv("PATH", saved.c_str(), 1);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    EXPECT_NE(r.err.find("warning: topology.svg was not made: graphviz's dot is not installed "
                         "(apt-get install graphviz); topology.dot is written"),
              std::string::npos)
        << r.err;
    EXPECT_TRUE(fs::exists(dir / "out" / "topology.dot"));
    EXPECT_FALSE(fs::exists(dir / "out" / "topology.svg"));
    EXPECT_TRUE(fs::exists(dir / "out" / "summary.json"));
}

TEST(VswitchSim, Plot_UplinkLoadAndDropsOverTimeAddUpToTheSummaryAndShowTheFailover)
{
    fs::path dir = Scratch("plot");
    SimRun r =
        RunSim({"--scenario=" + Source("examples/scenarios/failover-link-down.json").string(),
                "--output=out",
                "--plot=100ms"},
               dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
    json::object s = Summary(dir / "out");
    // uplink-load.csv: one row per uplink per 100 ms of the 16 s, frames adding up to the
    // summary's uplink counters.
    std::vector<std::string> lines = vswitchtest::Lines(Slurp(dir / "out" / "uplink-load.csv"));
    ASSERT_FALSE(lines.empty());
    EXPECT_EQ(lines[0], "time,host,vswitch,uplink,txMbps,rxMbps,txFrames,rxFrames");
    std::map<std::string, std::pair<int64_t, int64_t>> frames; // uplink -> tx, rx
    std::map<std::string, int64_t> txBefore6s;
    std::map<std::string, int64_t> txFrom6To11s;
    std::size_t rows = 0;
    for (std::size_t i = 1; i < lines.size(); ++i)
    {
        if (lines[i].empty())
        {
            continue;
        }
        std::vector<std::string> f;
        std::stringstream ss(lines[i]);
        for (std::string cell; std::getline(ss, cell, ',');)
        {
            f.push_back(cell);
        }
        ASSERT_EQ(f.size(), 8u) << lines[i];
        double t = std::stod(f[0]);
        int64_t tx = std::stoll(f[6]);
        frames[f[3]].first += tx;
        frames[f[3]].second += std::stoll(f[7]);
        if (t <= 6.0)
        {
            txBefore6s[f[3]] += tx;
        }
        else if (t > 6.2 && t <= 11.0)
        {
            txFrom6To11s[f[3]] += tx;
        }
        ++rows;
    }
    EXPECT_EQ(rows, 160u * 2); // 16 s / 100 ms, two uplinks
    for (const auto& u : s.at("uplinks").as_array())
    {
        const json::object& row = u.as_object();
        std::string name(row.at("name").as_string());
        EXPECT_EQ(frames[name].first, row.at("txFrames").as_int64()) << name;
        EXPECT_EQ(frames[name].second, row.at("rxFrames").as_int64()) << name;
    }
    // The scenario cuts vmnic0 at 6 s and restores it at 11 s: the pings leave by vmnic0
    // before, by vmnic1 while it is down.
    EXPECT_GT(txBefore6s["vmnic0"], 20);
    EXPECT_EQ(txBefore6s["vmnic1"], 0);
    EXPECT_EQ(txFrom6To11s["vmnic0"], 0);
    EXPECT_GT(txFrom6To11s["vmnic1"], 20);
    // drops.csv: per reason, the intervals add up to the frame accounting's total.
    std::map<std::string, int64_t> drops;
    for (const std::string& line : vswitchtest::Lines(Slurp(dir / "out" / "drops.csv")))
    {
        if (line.empty() || line.rfind("time,", 0) == 0)
        {
            continue;
        }
        std::string reason = line.substr(line.find(',') + 1);
        int64_t n = std::stoll(reason.substr(reason.find(',') + 1));
        drops[reason.substr(0, reason.find(','))] += n;
    }
    const json::object& dropped =
        s.at("frames").as_object().at("total").as_object().at("dropped").as_object();
    ASSERT_FALSE(dropped.empty());
    EXPECT_EQ(drops.size(), dropped.size());
    for (const auto& [reason, n] : dropped)
    {
        EXPECT_EQ(drops[std::string(reason)], n.as_int64()) << reason;
    }
    for (const char* png : {"uplink-load.png", "drops.png"})
    {
        std::string bytes = Slurp(dir / "out" / png);
        EXPECT_EQ(bytes.substr(0, 4), "\x89PNG") << png;
    }
    // A run without --plot leaves none of these behind in the same folder.
    r = RunSim({"--scenario=" + Source("examples/scenarios/failover-link-down.json").string(),
                "--output=out"},
               dir);
    ASSERT_TRUE(r.exited && r.status == 0) << r.err;
    EXPECT_FALSE(fs::exists(dir / "out" / "uplink-load.csv"));
    EXPECT_FALSE(fs::exists(dir / "out" / "drops.png"));
    // A bad interval is a command-line error: nothing runs.
    r = RunSim({"--plot=soon"}, dir);
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("--plot=soon: not a sampling interval (a positive time, e.g. 100ms)"),
              std::string::npos)
        << r.err;
}

} // namespace

#else

TEST(VswitchSim, NotBuilt)
{
    GTEST_SKIP() << "vswitch-sim was not built (Boost.JSON missing)";
}

#endif
