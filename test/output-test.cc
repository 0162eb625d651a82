/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Outputs as a Wireshark user and a script read them: every pcap of every example program,
 * of every example scenario and of vswitch-sim's default run passes tshark's checksum
 * validation; two identical runs write byte-identical files; summary.json and tables.txt
 * say which scenario events fired and what each uplink carried.
 */
#include "test-util.h"

#include <gtest/gtest.h>

#if defined(VSWITCH_SIM_BINARY) && defined(VSWITCH_EXAMPLES_DIR)
#include <boost/json.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace vswitchtest;

namespace
{

namespace fs = std::filesystem;
namespace json = boost::json;

std::string
Slurp(const fs::path& p)
{
    return vswitchtest::Slurp(p.string());
}

/// A fresh scratch folder under the build folder.
fs::path
Scratch(const std::string& name)
{
    return vswitchtest::Scratch("output-test-tmp", name);
}

/// Run a command in a folder; its output goes to log.txt there.
int
RunIn(const fs::path& cwd, const std::string& command)
{
    std::string line = "cd '" + cwd.string() + "' && " + command + " > log.txt 2>&1";
    return std::system(line.c_str());
}

/// Every capture file under a folder, by path relative to it.
std::vector<fs::path>
CaptureFiles(const fs::path& dir)
{
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
    {
        std::string ext = e.path().extension().string();
        if (e.is_regular_file() && (ext == ".pcap" || ext == ".pcapng"))
        {
            out.push_back(fs::relative(e.path(), dir));
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// tshark with every checksum check on: {frames with a bad checksum, frames with a good one}.
std::pair<std::size_t, std::size_t>
Checksums(const fs::path& file)
{
    const std::string checks =
        "-o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -o tcp.check_checksum:TRUE ";
    auto bad = Tshark(file.string(),
                      checks + "-Y 'ip.checksum.status == \"Bad\" || icmp.checksum.status == "
                               "\"Bad\" || udp.checksum.status == \"Bad\" || "
                               "tcp.checksum.status == \"Bad\"'");
    auto good = Tshark(file.string(), checks + "-Y 'ip.checksum.status == \"Good\"'");
    return {bad.size(), good.size()};
}

/// ARP and RARP frames whose padding was checked, over a test.
std::size_t g_paddedFrames = 0;

/// The frames of a pcap, or of a pcapng (converted to pcap by tshark first).
std::vector<PcapRecord>
ReadPcapOrPcapng(const fs::path& file)
{
    if (file.extension() != ".pcapng")
    {
        return ReadPcap(file.string());
    }
    fs::path converted = file.string() + ".as.pcap";
    std::string command =
        "tshark -r '" + file.string() + "' -F pcap -w '" + converted.string() + "' 2>/dev/null";
    EXPECT_EQ(std::system(command.c_str()), 0) << command;
    std::vector<PcapRecord> records = ReadPcap(converted.string());
    fs::remove(converted);
    return records;
}

/// Expect the padding of every ARP and RARP frame of a file to be zeros; returns how many
/// padded frames there were.
std::size_t
ExpectZeroPadding(const fs::path& file)
{
    // Ethernet (and 802.1Q) header, the 28-byte ARP/RARP body, then the padding.
    std::size_t padded = 0;
    for (const auto& r : ReadPcapOrPcapng(file))
    {
        const std::vector<uint8_t>& b = r.data;
        std::size_t off = 12;
        if (b.size() >= 16 && b[12] == 0x81 && b[13] == 0x00)
        {
            off = 16;
        }
        if (b.size() < off + 2)
        {
            continue;
        }
        uint16_t type = (b[off] << 8) | b[off + 1];
        std::size_t body = off + 2 + 28;
        if ((type == 0x0806 || type == 0x8035) && b.size() > body)
        {
            ++padded;
            EXPECT_EQ(std::count(b.begin() + body, b.end(), 0), long(b.size() - body))
                << "padding of an ARP/RARP frame is not zeros";
        }
    }
    return padded;
}

/// Check every capture file of a folder; returns the number of frames verified good.
std::size_t
ExpectValidChecksums(const fs::path& dir)
{
    std::size_t good = 0;
    for (const auto& f : CaptureFiles(dir))
    {
        SCOPED_TRACE(f.string());
        auto [bad, ok] = Checksums(dir / f);
        EXPECT_EQ(bad, 0u) << "frames with a bad IPv4/ICMP/UDP/TCP checksum in " << f;
        good += ok;
        g_paddedFrames += ExpectZeroPadding(dir / f);
    }
    return good;
}

/// Expect two output folders to hold the same files with the same bytes; summary.json may
/// differ in wallSeconds only.
void
ExpectSameOutputs(const fs::path& a, const fs::path& b)
{
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator(a))
    {
        if (e.is_regular_file() && e.path().filename() != "log.txt")
        {
            files.push_back(fs::relative(e.path(), a));
        }
    }
    ASSERT_FALSE(files.empty());
    for (const auto& f : files)
    {
        SCOPED_TRACE(f.string());
        ASSERT_TRUE(fs::exists(b / f)) << "the second run did not write it";
        if (f.filename() == "summary.json")
        {
            json::value ja = json::parse(Slurp(a / f));
            json::value jb = json::parse(Slurp(b / f));
            ja.as_object().erase("wallSeconds");
            jb.as_object().erase("wallSeconds");
            EXPECT_EQ(json::serialize(ja), json::serialize(jb));
        }
        else
        {
            EXPECT_TRUE(Slurp(a / f) == Slurp(b / f)) << "the two runs wrote different bytes";
        }
    }
}

std::vector<fs::path>
ExampleScenarios()
{
    std::vector<fs::path> out;
    for (const auto& e :
         fs::directory_iterator(fs::path(VSWITCH_SOURCE_DIR) / "examples/scenarios"))
    {
        if (e.path().extension() == ".json")
        {
            out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::string
Sim()
{
    return std::string("'") + VSWITCH_SIM_BINARY + "'";
}

} // namespace

// Every example program writes pcaps whose checksums tshark validates, and writes them the
// same in two runs.
TEST(Outputs, ExamplePrograms_PcapsHaveValidChecksumsAndIdenticalRunsWriteIdenticalFiles)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark not installed";
    }
    g_paddedFrames = 0;
    std::size_t programs = 0;
    std::size_t writers = 0;
    std::size_t good = 0;
    for (const auto& e : fs::directory_iterator(VSWITCH_EXAMPLES_DIR))
    {
        std::string name = e.path().filename().string();
        if (!e.is_regular_file() ||
            (e.status().permissions() & fs::perms::owner_exec) == fs::perms::none ||
            name.find("benchmark") != std::string::npos)
        {
            continue;
        }
        SCOPED_TRACE(name);
        ++programs;
        fs::path a = Scratch(name + "-a");
        fs::path b = Scratch(name + "-b");
        ASSERT_EQ(RunIn(a, "'" + e.path().string() + "'"), 0) << Slurp(a / "log.txt");
        ASSERT_EQ(RunIn(b, "'" + e.path().string() + "'"), 0) << Slurp(b / "log.txt");
        if (CaptureFiles(a).empty())
        {
            continue; // it prints what it measured and writes no file
        }
        ++writers;
        good += ExpectValidChecksums(a);
        ExpectSameOutputs(a, b);
    }
    EXPECT_GE(programs, 5u) << "the example programs were not found in " << VSWITCH_EXAMPLES_DIR;
    EXPECT_GE(writers, 3u) << "fewer example programs than expected wrote captures";
    EXPECT_GT(g_paddedFrames, 0u) << "no ARP or RARP frame's padding was checked";
    EXPECT_GT(good, 100u) << "too few frames with a verified checksum: is the check running?";
}

// The same for every example scenario and for the built-in default.
TEST(Outputs, ExampleScenarios_PcapsHaveValidChecksumsAndIdenticalRunsWriteIdenticalFiles)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark not installed";
    }
    std::vector<std::string> runs{""};
    for (const auto& f : ExampleScenarios())
    {
        runs.push_back("--scenario='" + f.string() + "'");
    }
    ASSERT_GE(runs.size(), 5u);
    g_paddedFrames = 0;
    for (const auto& args : runs)
    {
        SCOPED_TRACE(args.empty() ? "default" : args);
        std::string name = args.empty() ? "default" : fs::path(args).stem().string();
        fs::path a = Scratch("scenario-a");
        fs::path b = Scratch("scenario-b");
        ASSERT_EQ(RunIn(a, Sim() + " --output=out " + args), 0) << Slurp(a / "log.txt");
        ASSERT_EQ(RunIn(b, Sim() + " --output=out " + args), 0) << Slurp(b / "log.txt");
        std::size_t good = ExpectValidChecksums(a / "out");
        if (!CaptureFiles(a / "out").empty())
        {
            EXPECT_GT(good, 0u) << "no frame with a verified IPv4 checksum";
        }
        ExpectSameOutputs(a / "out", b / "out");
    }
    EXPECT_GT(g_paddedFrames, 0u) << "no ARP or RARP frame's padding was checked";
}

// The checksum check can fail: with VSwitchChecksums off, ns-3 leaves checksums 0 and tshark
// flags them.
TEST(Outputs, ChecksumCheck_FlagsTheFramesOfARunWithChecksumsOff)
{
    if (!HaveTshark())
    {
        GTEST_SKIP() << "tshark not installed";
    }
    fs::path a = Scratch("checksums-off");
    ASSERT_EQ(RunIn(a, Sim() + " --output=out --VSwitchChecksums=false"), 0)
        << Slurp(a / "log.txt");
    auto [bad, good] = Checksums(a / "out" / "esxi02-vmnic3.pcap");
    EXPECT_GT(bad, 0u);
    EXPECT_EQ(good, 0u);
}

// summary.json lists the scenario events that fired and a row per uplink with its link state
// and counters; tables.txt shows both.
TEST(Outputs, Summary_ScenarioEventsAndUplinkRowsSayWhichUplinkCarriedTheFlow)
{
    fs::path a = Scratch("failover-summary");
    std::ofstream(a / "fo.json") << R"({ "name": "fo", "stopTime": "8s",
  "switches": [ { "name": "sw",
      "ports": [ { "name": "Gi0/1", "mode": "access", "vlan": 1 },
                 { "name": "Gi0/2", "mode": "access", "vlan": 1 },
                 { "name": "Gi0/3", "mode": "access", "vlan": 1 } ],
      "hosts": [ { "name": "laptop", "port": "Gi0/3", "ip": "10.0.0.50/24" } ] } ],
  "hosts": [ { "name": "esxi01", "nics": ["vmnic0", "vmnic1"],
    "vswitches": [ { "name": "vSwitch0", "uplinks": ["vmnic0", "vmnic1"],
                     "teaming": { "active": ["vmnic0"], "standby": ["vmnic1"] },
                     "portGroups": [ { "name": "VM", "vlan": 0 } ] } ],
    "vms": [ { "name": "vm1", "nics": [ { "portGroup": "VM", "ip": "10.0.0.11/24" } ] } ] } ],
  "links": [ { "a": "esxi01:vmnic0", "b": "sw:Gi0/1" }, { "a": "esxi01:vmnic1", "b": "sw:Gi0/2" } ],
  "traffic": [ { "type": "ping", "from": "vm1", "to": "10.0.0.50", "start": "1s", "count": 6 } ],
  "events": [ { "at": "3500ms", "type": "link-down", "link": "esxi01:vmnic0" } ] })";
    ASSERT_EQ(RunIn(a, Sim() + " --scenario=fo.json --output=out"), 0) << Slurp(a / "log.txt");
    json::object s = json::parse(Slurp(a / "out/summary.json")).as_object();
    ASSERT_TRUE(s.contains("events")) << "the simulator event count stays";
    const json::array& events = s.at("scenarioEvents").as_array();
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].at("index").as_int64(), 0);
    EXPECT_DOUBLE_EQ(events[0].at("time").to_number<double>(), 3.5);
    EXPECT_EQ(events[0].at("type").as_string(), "link-down");
    EXPECT_EQ(events[0].at("what").as_string(), "esxi01:vmnic0");

    const json::array& uplinks = s.at("uplinks").as_array();
    ASSERT_EQ(uplinks.size(), 2u);
    const json::object& u0 = uplinks[0].as_object();
    const json::object& u1 = uplinks[1].as_object();
    EXPECT_EQ(u0.at("name").as_string(), "vmnic0");
    EXPECT_EQ(u0.at("host").as_string(), "esxi01");
    EXPECT_EQ(u0.at("vswitch").as_string(), "vSwitch0");
    EXPECT_EQ(u0.at("link").as_string(), "down");
    EXPECT_EQ(u1.at("link").as_string(), "up");
    // Pings 1-3 went out the active uplink, 4-6 out the standby after the failover.
    EXPECT_GE(u0.at("txFrames").as_int64(), 3);
    EXPECT_GE(u1.at("txFrames").as_int64(), 3);
    EXPECT_GT(u1.at("rxBytes").as_int64(), 0);
    EXPECT_TRUE(u0.at("drops").is_object());
    EXPECT_EQ(s.at("traffic").as_array()[0].at("received").as_int64(), 6);

    std::string tables = Slurp(a / "out/tables.txt");
    EXPECT_NE(tables.find("esxcli network nic list"), std::string::npos);
    EXPECT_NE(tables.find("esxcli network nic stats get -n vmnic1"), std::string::npos);
    EXPECT_NE(tables.find("3.500000      link-down       esxi01:vmnic0"), std::string::npos)
        << tables;
}

#endif
