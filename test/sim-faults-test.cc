/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim under faults, as a subprocess: an output that cannot be written (an injected
 * ENOSPC on summary.json, tables.txt, a capture, captures.txt; /dev/full; a real 64 KiB
 * tmpfs when the test may mount one) stops the run with exit status 1 and a line naming the
 * file and the system's reason, and leaves no file that looks complete but is not; SIGINT
 * and SIGTERM stop a long run with whole files and "interrupted": true (130, 143), a second
 * signal ends it at once; an unwritable --output is refused before anything is built.
 */
#include "sim-run.h"
#include "test-util.h"

#include <gtest/gtest.h>

#ifdef VSWITCH_SIM_BINARY

#include <boost/json.hpp>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
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
using vswitchtest::Slurp;
using vswitchtest::StartSim;
using vswitchtest::WaitSim;

fs::path
Scratch(const std::string& name)
{
    return vswitchtest::Scratch("sim-faults-test-tmp", name);
}

/// Wait until the run prints its progress line (it is simulating); false when it ended.
bool
WaitUntilSimulating(pid_t pid, const fs::path& cwd, int timeoutSeconds = 60)
{
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
    while (std::chrono::steady_clock::now() < deadline)
    {
        if (Slurp((cwd / "stderr.txt").string()).find(" simulated, ") != std::string::npos)
        {
            return true;
        }
        // Ended? (WNOWAIT: WaitSim() still reaps it.)
        siginfo_t info{};
        if (waitid(P_PID, pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid)
        {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

/// How tshark read a capture.
struct TsharkRead
{
    int status{-1};        //!< tshark's exit status
    std::size_t frames{0}; //!< frames it printed
    std::string err;       //!< its complaints (the warning about root left out)
};

TsharkRead
ReadWithTshark(const fs::path& file)
{
    TsharkRead t;
    // Beside the build's scratch folders, not the capture's (which may be a full disk).
    fs::path base = fs::path(VSWITCH_BINARY_DIR) / "sim-faults-test-tmp";
    fs::create_directories(base);
    std::string out = (base / ("tshark-" + std::to_string(getpid()) + ".out")).string();
    std::string err = (base / ("tshark-" + std::to_string(getpid()) + ".err")).string();
    int rc =
        std::system(("tshark -r '" + file.string() + "' > '" + out + "' 2> '" + err + "'").c_str());
    t.status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
    t.frames = vswitchtest::Lines(Slurp(out)).size();
    for (const auto& line : vswitchtest::Lines(Slurp(err)))
    {
        if (line.find("Running as user") == std::string::npos)
        {
            t.err += line + "\n";
        }
    }
    fs::remove(out);
    fs::remove(err);
    return t;
}

/// Expect tshark to read a capture to its end: no "cut short", no error.
void
ExpectReadsWhole(const fs::path& file, std::size_t* frames = nullptr)
{
    SCOPED_TRACE(file.string());
    TsharkRead t = ReadWithTshark(file);
    EXPECT_EQ(t.status, 0) << t.err;
    EXPECT_EQ(t.err.find("cut short"), std::string::npos) << t.err;
    EXPECT_TRUE(t.err.empty()) << t.err;
    if (frames)
    {
        *frames = t.frames;
    }
}

/// The files of a folder, by name.
std::vector<std::string>
Files(const fs::path& dir)
{
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir))
    {
        out.push_back(e.path().filename().string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

/// Expect a folder to hold no summary.json, no tables.txt and none of their temporaries.
void
ExpectNoResults(const fs::path& out)
{
    for (const char* f : {"summary.json", "tables.txt", ".summary.json.tmp", ".tables.txt.tmp"})
    {
        EXPECT_FALSE(fs::exists(out / f)) << f << " was left in " << out;
    }
}

/// Two hosts, a bare-metal server; udp and ping for stopTime; a pcapng of vm2's VnicRx (64
/// bytes of each frame), a pcap of the server's switch port, a console capture of the pings.
std::string
LongScenario(const std::string& stopTime)
{
    return R"({ "name": "long", "stopTime": ")" + stopTime + R"(",
  "switches": [ { "name": "pswitch1",
      "ports": [ { "name": "Gi0/1", "mode": "trunk", "vlans": [100] },
                 { "name": "Gi0/2", "mode": "trunk", "vlans": [100] },
                 { "name": "Gi0/5", "mode": "access", "vlan": 100 } ],
      "hosts": [ { "name": "server", "port": "Gi0/5", "ip": "192.168.100.50/24" } ] } ],
  "hosts": [
    { "name": "esxi01", "nics": ["vmnic0"],
      "vswitches": [ { "name": "vSwitch0", "uplinks": ["vmnic0"],
                       "portGroups": [ { "name": "VM Network", "vlan": 100 } ] } ],
      "vms": [ { "name": "vm1", "nics": [ { "portGroup": "VM Network", "ip": "192.168.100.11/24" } ] } ] },
    { "name": "esxi02", "nics": ["vmnic0"],
      "vswitches": [ { "name": "vSwitch0", "uplinks": ["vmnic0"],
                       "portGroups": [ { "name": "VM Network", "vlan": 100 } ] } ],
      "vms": [ { "name": "vm2", "nics": [ { "portGroup": "VM Network", "ip": "192.168.100.12/24" } ] } ] } ],
  "links": [ { "a": "esxi01:vmnic0", "b": "pswitch1:Gi0/1", "dataRate": "100Mbps" },
             { "a": "esxi02:vmnic0", "b": "pswitch1:Gi0/2", "dataRate": "100Mbps" } ],
  "traffic": [
    { "type": "udp", "from": "vm1", "to": "192.168.100.12:9000", "start": "1s", "rate": "10Mbps", "size": 1000 },
    { "type": "udp", "from": "server", "to": "192.168.100.12:9001", "start": "1s", "rate": "1Mbps", "size": 500 },
    { "type": "ping", "from": "vm1", "to": "192.168.100.50" } ],
  "captures": [
    { "host": "esxi02", "vm": "vm2", "pktcap": "--capture VnicRx --ng -s 64", "output": "vm2-vnicrx.pcapng" },
    { "switch": "pswitch1", "port": "Gi0/5", "output": "server.pcap" },
    { "host": "esxi01", "pktcap": "--uplink vmnic0 --dir 1 --proto 0x01" } ] })";
}

/// A folder with long.json for the given stop time.
fs::path
LongScenarioIn(const std::string& name, const std::string& stopTime)
{
    fs::path dir = Scratch(name);
    std::ofstream(dir / "long.json") << LongScenario(stopTime);
    return dir;
}

/// Unmounts a folder when it goes.
struct Mount
{
    fs::path where; //!< the mount point

    ~Mount()
    {
        EXPECT_EQ(std::system(("umount '" + where.string() + "'").c_str()), 0) << where;
    }
};

/// The simulated seconds of "the run stopped at Ts" in a message (-1 when absent).
double
StoppedAt(const std::string& err)
{
    std::size_t at = err.find("the run stopped at ");
    return at == std::string::npos ? -1 : std::atof(err.c_str() + at + 19);
}

} // namespace

// -------------------------------------------------------------------------------------------
// Write failures (injected: VSWITCH_SIM_FAIL_WRITE=NAME:BYTES is a disk with BYTES left)

TEST(VswitchSimFaults, SummaryWriteFails_Exit1NamesFileAndReason_NeitherSummaryNorTables)
{
    fs::path dir = Scratch("summary-fails");
    SimRun r = RunSim({"--output=out"}, dir, {"VSWITCH_SIM_FAIL_WRITE=summary.json:200"});
    ASSERT_TRUE(r.exited) << r.err;
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("vswitch-sim: out/summary.json: cannot write: No space left on device"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out.find("results in"), std::string::npos) << r.out;
    ExpectNoResults(dir / "out");
    // The simulation completed: its captures are whole and keep their names.
    ASSERT_TRUE(fs::exists(dir / "out/esxi02-vmnic3.pcap"));
    EXPECT_FALSE(fs::exists(dir / "out/esxi02-vmnic3.pcap.partial"));
    if (vswitchtest::HaveTshark())
    {
        ExpectReadsWhole(dir / "out/esxi02-vmnic3.pcap");
    }
}

TEST(VswitchSimFaults, TablesWriteFails_Exit1NamesFileAndReason_NeitherSummaryNorTables)
{
    fs::path dir = Scratch("tables-fails");
    SimRun r = RunSim({"--output=out"}, dir, {"VSWITCH_SIM_FAIL_WRITE=tables.txt:100"});
    ASSERT_TRUE(r.exited) << r.err;
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("out/tables.txt: cannot write: No space left on device"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out.find("results in"), std::string::npos);
    ExpectNoResults(dir / "out");
}

// A capture meets a full disk during the run: it stops at once, and every capture becomes
// NAME.partial, the failed one cut back to its last whole frame.
TEST(VswitchSimFaults, CaptureWriteFails_RunStopsAtOnce_CapturesKeptAsWholePartials)
{
    fs::path dir = LongScenarioIn("capture-fails", "30s");
    SimRun r = RunSim({"--scenario=long.json", "--output=out"},
                      dir,
                      {"VSWITCH_SIM_FAIL_WRITE=server.pcap:200000"});
    ASSERT_TRUE(r.exited) << r.err;
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("vswitch-sim: out/server.pcap: cannot write: No space left on device"),
              std::string::npos)
        << r.err;
    double at = StoppedAt(r.err);
    EXPECT_GT(at, 1.0) << r.err;
    EXPECT_LT(at, 29.0) << "the run went on after the failure: " << r.err;
    EXPECT_EQ(r.out.find("results in"), std::string::npos);
    ExpectNoResults(dir / "out");
    EXPECT_EQ(Files(dir / "out"),
              (std::vector<std::string>{"captures.txt.partial",
                                        "server.pcap.partial",
                                        "vm2-vnicrx.pcapng.partial"}));
    EXPECT_LE(fs::file_size(dir / "out/server.pcap.partial"), 200000u);
    if (vswitchtest::HaveTshark())
    {
        std::size_t frames = 0;
        ExpectReadsWhole(dir / "out/server.pcap.partial", &frames);
        EXPECT_GT(frames, 0u) << "the frames that reached the disk are kept";
        ExpectReadsWhole(dir / "out/vm2-vnicrx.pcapng.partial");
    }
}

TEST(VswitchSimFaults, ConsoleCaptureWriteFails_Exit1_CapturesTxtKeptAsPartial)
{
    fs::path dir = Scratch("console-fails");
    SimRun r = RunSim({"--output=out"}, dir, {"VSWITCH_SIM_FAIL_WRITE=captures.txt:300"});
    ASSERT_TRUE(r.exited) << r.err;
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("out/captures.txt: cannot write: No space left on device"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(dir / "out/captures.txt"));
    EXPECT_TRUE(fs::exists(dir / "out/captures.txt.partial"));
    EXPECT_FALSE(fs::exists(dir / "out/esxi02-vmnic3.pcap")) << "a cut-short capture kept its name";
    ExpectNoResults(dir / "out");
}

// /dev/full, a real ENOSPC device, as a capture file: the header already fails, so nothing
// is simulated.
TEST(VswitchSimFaults, CaptureOnDevFull_Exit1WithTheSystemsReason)
{
    if (!fs::exists("/dev/full"))
    {
        GTEST_SKIP() << "no /dev/full on this system";
    }
    fs::path dir = LongScenarioIn("dev-full", "30s");
    fs::create_directories(dir / "out");
    fs::create_symlink("/dev/full", dir / "out/server.pcap");
    SimRun r = RunSim({"--scenario=long.json", "--output=out"}, dir);
    ASSERT_TRUE(r.exited) << r.err;
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("out/server.pcap: cannot write: No space left on device"),
              std::string::npos)
        << r.err;
    EXPECT_DOUBLE_EQ(StoppedAt(r.err), 0.0) << r.err;
    ExpectNoResults(dir / "out");
    EXPECT_FALSE(fs::exists(dir / "out/vm2-vnicrx.pcapng"));
}

// A real full disk: a 64 KiB tmpfs as --output (root may mount one).
TEST(VswitchSimFaults, RealFullDisk_Exit1_NoFileLooksComplete)
{
    if (geteuid() != 0)
    {
        GTEST_SKIP() << "not root: cannot mount a 64 KiB tmpfs (the injected-ENOSPC and "
                        "/dev/full tests cover the same path)";
    }
    fs::path dir = LongScenarioIn("full-disk", "30s");
    fs::path mnt = dir / "mnt";
    fs::create_directories(mnt);
    std::string mount = "mount -t tmpfs -o size=64k vswitch-test '" + mnt.string() + "'";
    if (std::system((mount + " 2>/dev/null").c_str()) != 0)
    {
        GTEST_SKIP() << "mount -t tmpfs -o size=64k failed (no CAP_SYS_ADMIN here, e.g. in an "
                        "unprivileged container)";
    }
    Mount mounted{mnt};
    SimRun r = RunSim({"--scenario=long.json", "--output=mnt/out"}, dir);
    std::vector<std::string> files = Files(mnt / "out");
    if (vswitchtest::HaveTshark())
    {
        for (const auto& f : files)
        {
            if (f.find(".pcap") != std::string::npos)
            {
                ExpectReadsWhole(mnt / "out" / f);
            }
        }
    }
    ExpectNoResults(mnt / "out");
    ASSERT_TRUE(r.exited) << r.err;
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("vswitch-sim: mnt/out/"), std::string::npos) << r.err;
    EXPECT_EQ(r.out.find("results in"), std::string::npos);
    EXPECT_EQ(files,
              (std::vector<std::string>{"captures.txt.partial",
                                        "server.pcap.partial",
                                        "vm2-vnicrx.pcapng.partial"}));
}

// -------------------------------------------------------------------------------------------
// Interrupts

/// Run the long scenario, send a signal once it simulates, check what it left.
void
ExpectInterruptedCleanly(int sig, int status)
{
    fs::path dir = LongScenarioIn(sig == SIGINT ? "sigint" : "sigterm", "3600s");
    pid_t pid = StartSim({"--scenario=long.json", "--output=out"}, dir);
    ASSERT_TRUE(WaitUntilSimulating(pid, dir)) << WaitSim(pid, dir, 1).err;
    ASSERT_EQ(kill(pid, sig), 0);
    SimRun r = WaitSim(pid, dir);
    ASSERT_FALSE(r.timedOut) << "still running 120 s after the signal";
    ASSERT_TRUE(r.exited) << "ended by signal " << r.signal << ": " << r.err;
    EXPECT_EQ(r.status, status) << r.err;
    EXPECT_NE(r.out.find("interrupted by " + std::string(sig == SIGINT ? "SIGINT" : "SIGTERM")),
              std::string::npos)
        << r.out;

    json::object s = json::parse(Slurp((dir / "out/summary.json").string())).as_object();
    EXPECT_TRUE(s.at("interrupted").as_bool());
    double at = s.at("stoppedAt").to_number<double>();
    EXPECT_GT(at, 0.0);
    EXPECT_LT(at, 3600.0);
    EXPECT_EQ(s.at("stopTime").as_string(), "3600s") << "the existing keys stay as they are";
    EXPECT_TRUE(s.contains("events") && s.contains("wallSeconds") && s.contains("uplinks"));
    EXPECT_TRUE(fs::exists(dir / "out/tables.txt"));
    // The console session printed its trailer: it was closed, not abandoned.
    EXPECT_NE(Slurp((dir / "out/captures.txt").string()).find("Done."), std::string::npos);
    if (!vswitchtest::HaveTshark())
    {
        return;
    }
    for (const auto& c : s.at("captures").as_array())
    {
        std::string file(c.at("file").as_string());
        if (file == "captures.txt")
        {
            continue;
        }
        std::size_t frames = 0;
        ExpectReadsWhole(dir / "out" / file, &frames);
        EXPECT_EQ(static_cast<int64_t>(frames), c.at("frames").to_number<int64_t>())
            << file << ": every frame the summary counts is in the file";
        EXPECT_GT(frames, 0u) << file;
    }
}

TEST(VswitchSimFaults, Sigint_StopsWithWholeFilesAndInterruptedSummary_Exit130)
{
    ExpectInterruptedCleanly(SIGINT, 130);
}

TEST(VswitchSimFaults, Sigterm_StopsWithWholeFilesAndInterruptedSummary_Exit143)
{
    ExpectInterruptedCleanly(SIGTERM, 143);
}

// Two signals: the second ends the process at once, by the signal, before any summary.
TEST(VswitchSimFaults, SecondSignal_EndsTheRunAtOnce)
{
    fs::path dir = LongScenarioIn("second-signal", "3600s");
    pid_t pid = StartSim({"--scenario=long.json", "--output=out"}, dir);
    ASSERT_TRUE(WaitUntilSimulating(pid, dir)) << WaitSim(pid, dir, 1).err;
    // Both signals pending at once, whatever the load on the machine: sent to the stopped
    // process, they are delivered on SIGCONT, the lower-numbered SIGINT first. (Sent one after
    // the other to a running process, the second could come after the results were written.)
    ASSERT_EQ(kill(pid, SIGSTOP), 0);
    int stopped = 0;
    ASSERT_EQ(waitpid(pid, &stopped, WUNTRACED), pid);
    ASSERT_TRUE(WIFSTOPPED(stopped));
    ASSERT_EQ(kill(pid, SIGINT), 0);
    ASSERT_EQ(kill(pid, SIGTERM), 0);
    ASSERT_EQ(kill(pid, SIGCONT), 0);
    SimRun r = WaitSim(pid, dir);
    ASSERT_FALSE(r.timedOut);
    EXPECT_FALSE(r.exited) << "exited with " << r.status << " after a clean stop: " << r.err;
    EXPECT_TRUE(r.signal == SIGINT || r.signal == SIGTERM) << r.signal;
    EXPECT_NE(r.err.find("vswitch-sim: interrupted: stopping at the current event"),
              std::string::npos)
        << "the first signal was not the one that stops cleanly: " << r.err;
    EXPECT_FALSE(fs::exists(dir / "out/summary.json"));
}

// A run that is not interrupted says so, and stoppedAt is its stop time.
TEST(VswitchSimFaults, UninterruptedRun_SummarySaysInterruptedFalseStoppedAtStopTime)
{
    fs::path dir = Scratch("uninterrupted");
    SimRun r = RunSim({"--output=out", "--stopTime=3500ms"}, dir);
    ASSERT_TRUE(r.exited) << r.err;
    ASSERT_EQ(r.status, 0) << r.err;
    json::object s = json::parse(Slurp((dir / "out/summary.json").string())).as_object();
    EXPECT_FALSE(s.at("interrupted").as_bool());
    EXPECT_DOUBLE_EQ(s.at("stoppedAt").to_number<double>(), 3.5);
    // The new keys come last; every other key keeps its place.
    std::vector<std::string> keys;
    for (const auto& kv : s)
    {
        keys.emplace_back(kv.key());
    }
    ASSERT_GE(keys.size(), 6u);
    EXPECT_EQ(std::vector<std::string>(keys.begin(), keys.begin() + 4),
              (std::vector<std::string>{"scenario", "stopTime", "wallSeconds", "events"}));
    EXPECT_EQ(std::vector<std::string>(keys.end() - 3, keys.end()),
              (std::vector<std::string>{"frames", "interrupted", "stoppedAt"}));
    EXPECT_FALSE(fs::exists(dir / "out/.summary.json.tmp"));
    EXPECT_FALSE(fs::exists(dir / "out/.tables.txt.tmp"));
}

// A capture may not be named like a failed run's file.
TEST(VswitchSimFaults, CaptureNamedPartial_IsRefused)
{
    fs::path dir = Scratch("partial-name");
    std::string text = LongScenario("5s");
    std::string from = "\"output\": \"server.pcap\"";
    text.replace(text.find(from), from.size(), "\"output\": \"server.pcap.partial\"");
    std::ofstream(dir / "p.json") << text;
    SimRun r = RunSim({"--validate", "--scenario=p.json"}, dir);
    ASSERT_TRUE(r.exited);
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("p.json: captures[1].output: \"server.pcap.partial\" is not a plain "
                         "file name"),
              std::string::npos)
        << r.err;
}

// -------------------------------------------------------------------------------------------
// An unwritable --output is refused at once, naming the folder

TEST(VswitchSimFaults, UnwritableOutput_RefusedAtOnceNamingTheFolder)
{
    fs::path dir = Scratch("unwritable");
    std::ofstream(dir / "afile") << "a file, not a folder\n";
    SimRun r = RunSim({"--output=afile/out"}, dir);
    ASSERT_TRUE(r.exited);
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("--output=afile/out: cannot create the folder (Not a directory)"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(r.out.find("simulated"), std::string::npos) << r.out;

    // A folder that exists but takes no file: read-only (a read-only tmpfs for root, whom
    // permissions do not stop; mode 0555 for others).
    fs::path ro = dir / "ro";
    fs::create_directories(ro);
    bool mounted = false;
    if (geteuid() == 0)
    {
        std::string mount = "mount -t tmpfs -o ro,size=64k vswitch-test '" + ro.string() + "'";
        mounted = std::system((mount + " 2>/dev/null").c_str()) == 0;
        if (!mounted)
        {
            GTEST_SKIP() << "root, but mount -t tmpfs -o ro failed: cannot make a folder root "
                            "may not write in";
        }
    }
    else
    {
        fs::permissions(ro, fs::perms::owner_read | fs::perms::owner_exec);
    }
    SimRun ror = RunSim({"--output=ro"}, dir);
    if (mounted)
    {
        EXPECT_EQ(std::system(("umount '" + ro.string() + "'").c_str()), 0);
    }
    else
    {
        fs::permissions(ro, fs::perms::owner_all);
    }
    ASSERT_TRUE(ror.exited);
    EXPECT_EQ(ror.status, 2) << ror.err;
    EXPECT_NE(ror.err.find("vswitch-sim: --output=ro: cannot write in the folder ("),
              std::string::npos)
        << ror.err;
    EXPECT_EQ(ror.out.find("simulated"), std::string::npos) << ror.out;
}

#endif
