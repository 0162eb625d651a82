/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * The data-centre scale benchmark (issue 13): a leaf-spine fabric of PhysicalSwitches, N ESXi
 * hosts of M VMs each, built directly in C++, run for a few simulated seconds and measured:
 * how the cost of a simulated data centre grows with its size.
 *
 *                 spine1 ..................... spineS          (no links between spines)
 *                /   ||   \                   /  ||   \
 *           Po1 /    ||    \                 /   ||    \        each leaf: a static LAG of
 *          leaf1   leaf2   ...            leafL-1  leafL        2 x 40G trunks to ONE spine
 *         /  |  \                                               (a tree: loop-free without STP)
 *   esxi0001 ... esxi0020    each host: vmnic0, vmnic1 to its leaf (10G trunks),
 *     | vSwitch0 |           originating-port teaming; M VMs on the host's port groups
 *    vm1 ... vmM
 *
 * Leaves come in pairs (leaf 1 and 2, 3 and 4, ...): ceil(N / 40) pairs of 20 + 20 hosts, the
 * hosts of a last pair that is not full split evenly between its two leaves (25 hosts: 13 and
 * 12), so that every host has a peer across the spine and every broadcast domain is at most a
 * full pair's. Both leaves of a pair hang off the same spine (pair index modulo S).
 *
 * VLAN layouts:
 *  - bounded (default, the issue's): each pair of leaves has four VLANs of its own
 *    (100 + 4p .. 103 + 4p); VM j of a host is on the pair's VLAN j mod 4. A broadcast reaches
 *    the 40 hosts of a pair whatever the size of the data centre. Trunks carry only their
 *    pair's VLANs.
 *  - flat: one VLAN (100) on every host, every leaf on spine1 (the other spines stay unused:
 *    without STP, one tree). Flooding is O(VMs x hosts) by nature.
 *
 * Traffic (the same in both layouts):
 *  - every host's first VM pings (1/s) and sends a 20 Mb/s UDP stream (1000-byte datagrams) to
 *    a VM on VLAN 0 of a host under the other leaf of its pair, across the spine;
 *  - every `udp2Every`-th host's second VM sends a 10 Mb/s UDP stream to a VM on VLAN 1 of the
 *    next host under the same leaf (east-west through the leaf only);
 *  - `--trafficEvery=K` keeps the flows of every K-th host only: the same traffic in data
 *    centres of different sizes (`--hosts=250 --trafficEvery=10` has the flows of 25 hosts),
 *    to tell what the size of the data centre costs from what its traffic costs.
 * Pings start at 0.2 s + (host mod 100) ms, the streams 50 ms later (ARP resolved), and all
 * stop 50 ms before `stopTime`. Each host powers its VMs on EsxiHost::PowerOnInterval apart; a
 * VM sends its notify-switches RARPs when it powers on.
 *
 * Each size runs in a child process of its own, so its peak memory is its own. Printed per
 * size: build time, Simulator::Run wall and CPU time, simulated seconds per wall second, events,
 * events per wall second, wall time per event, frames received by every device (vNICs, host NICs,
 * switch ports) per wall second, peak RSS, KiB per VM ((peak RSS - RSS before building) / VMs);
 * frames lost to full queues (QueueFull of every device), pings sent/answered, UDP datagrams
 * sent/delivered and every drop reason; then the ratios between sizes and KiB per added VM.
 *
 *   ./scale-benchmark [--sizes=25,100,250,500] [--vmsPerHost=40] [--layout=bounded|flat]
 *                     [--stopTime=4] [--ipOnAll=true] [--ipv6=false] [--spines=2]
 *                     [--hostsPerLeaf=20] [--udp2Every=4] [--trafficEvery=1]
 *                     [--quick] [--strict]
 *                     [--inProcess] [--scheduler=ns3::PriorityQueueScheduler]
 *                     [--reportEvery=0]
 *                     [--ns3::VSwitch::NotifySwitchesRarpCount=5 ...]
 *
 * `--reportEvery=S` (the soak: `--hosts=250 --stopTime=60 --reportEvery=10`) prints, every S
 * simulated seconds, the RSS, the events and frames per wall second since the last line,
 * pings and datagrams so far, every drop reason so far and how many frame ledgers do not
 * balance (FrameAccounting).
 *
 * `--hosts=N` runs one size. `--inProcess` runs the first size in this process (for callgrind
 * and perf). `--strict` also fails the run when a ping goes unanswered, a datagram is lost or
 * a queue overflows. Without it the exit status is non-zero only for an inconsistent run (no
 * ping sent, nothing delivered, more delivered than sent).
 */

#include "scale-data-centre.h"

#include "ns3/applications-module.h"
#include "ns3/core-module.h"
#include "ns3/internet-module.h"
#include "ns3/network-module.h"
#include "ns3/vswitch-module.h"

#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ns3;
using namespace ns3::scale;

NS_LOG_COMPONENT_DEFINE("ScaleBenchmark");

namespace
{

/// \return the resident memory of this process now, in KiB
long
CurrentRssKb()
{
    long pages = 0;
    long rss = 0;
    std::ifstream("/proc/self/statm") >> pages >> rss;
    return rss * (sysconf(_SC_PAGESIZE) / 1024);
}

/// \return the CPU time (user and system) this process has used, in seconds
double
CpuSeconds()
{
    struct rusage u;
    getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_stime.tv_sec + 1e-6 * (u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

/// Soak reports: every this many simulated seconds (0: none).
double g_reportEvery = 0;

/// What the previous soak report saw, for per-interval rates.
struct SoakMark
{
    std::chrono::steady_clock::time_point wall; //!< wall clock
    uint64_t events{0};                         //!< events executed
    uint64_t frames{0};                         //!< frames received by every device
};

/// Print one soak line: memory, progress and every loss so far; then schedule the next.
void
SoakReport(const DataCentre* dc, SoakMark* mark)
{
    Result r;
    dc->Collect(r);
    auto now = std::chrono::steady_clock::now();
    double wall = std::chrono::duration<double>(now - mark->wall).count();
    uint64_t events = Simulator::GetEventCount();
    std::size_t unbalanced = FrameAccounting::Unbalanced().size();
    // clang-format off
    std::printf("soak %6.1f s  RSS %7.1f MiB  events/s %9.0f  frames/s %9.0f  pings %" PRIu64
                "/%" PRIu64 "  UDP %" PRIu64 "/%" PRIu64 "  queue-full %" PRIu64
                "  unbalanced ledgers %zu  drops:",
                Simulator::Now().GetSeconds(), CurrentRssKb() / 1024.0,
                (events - mark->events) / wall, (r.frames - mark->frames) / wall,
                r.pingsAnswered, r.pingsSent, r.udpDelivered, r.udpSent,
                r.drops[std::size_t(DropReason::QueueFull)], unbalanced);
    // clang-format on
    for (std::size_t i = 0; i < kDropReasonCount; ++i)
    {
        if (r.drops[i] && i != std::size_t(DropReason::QueueFull))
        {
            std::printf(" %s %" PRIu64, DropReasonToString(DropReason(i)), r.drops[i]);
        }
    }
    std::printf("\n");
    std::fflush(stdout);
    mark->wall = now;
    mark->events = events;
    mark->frames = r.frames;
    Simulator::Schedule(Seconds(g_reportEvery), &SoakReport, dc, mark);
}

/// Build, run and measure one size in this process.
Result
RunSize(const Options& o, uint32_t hosts)
{
    Result r;
    // Until the resolution is fixed, ns-3 records every live Time object in a set so that it
    // could convert them; fixing it now (to the default) spares that record for the build.
    static bool resolutionFixed = false;
    if (!resolutionFixed)
    {
        Time::SetResolution(Time::NS);
        resolutionFixed = true;
    }
    r.baseRssKb = CurrentRssKb();
    auto t0 = std::chrono::steady_clock::now();
    DataCentre dc(o, hosts);
    dc.Build();
    double cpu0 = CpuSeconds();
    auto t1 = std::chrono::steady_clock::now();
    SoakMark mark{t1, Simulator::GetEventCount(), 0};
    if (g_reportEvery > 0)
    {
        Simulator::Schedule(Seconds(g_reportEvery), &SoakReport, &dc, &mark);
    }
    Simulator::Run();
    auto t2 = std::chrono::steady_clock::now();
    r.runCpuSeconds = CpuSeconds() - cpu0;
    r.buildSeconds = std::chrono::duration<double>(t1 - t0).count();
    r.runSeconds = std::chrono::duration<double>(t2 - t1).count();
    r.simSeconds = Simulator::Now().GetSeconds();
    r.events = Simulator::GetEventCount();
    dc.Collect(r);
    Simulator::Destroy();
    struct rusage usage;
    getrusage(RUSAGE_SELF, &usage);
    r.peakRssKb = usage.ru_maxrss;
    return r;
}

/// Run one size in a child process and read its result back.
Result
RunIsolated(const Options& o, uint32_t hosts)
{
    int fds[2];
    if (pipe(fds) != 0)
    {
        NS_FATAL_ERROR("pipe failed");
    }
    std::fflush(stdout);
    pid_t pid = fork();
    if (pid == 0)
    {
        close(fds[0]);
        Result r = RunSize(o, hosts);
        ssize_t n = write(fds[1], &r, sizeof(r));
        _exit(n == static_cast<ssize_t>(sizeof(r)) ? 0 : 1);
    }
    close(fds[1]);
    Result r;
    ssize_t n = read(fds[0], &r, sizeof(r));
    close(fds[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (n != static_cast<ssize_t>(sizeof(r)) || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    {
        NS_FATAL_ERROR("benchmark size " << hosts << " failed");
    }
    return r;
}

// The tables are printf formats whose columns line up; clang-format would put every argument
// on a line of its own.
// clang-format off

/// Print the cost of each size: time, events, frames, memory.
void
PrintCost(const std::vector<Result>& results)
{
    std::printf(" hosts     VMs  IP VMs build s    run s  run cpu sim/wall     events  events/s  ns/ev"
                "     frames  frames/s peak MiB  KiB/VM\n");
    for (const Result& r : results)
    {
        std::printf("%6u %7u %7u %7.2f %8.2f %8.2f %8.3f %10" PRIu64 " %9.0f %6.0f %10" PRIu64
                    " %9.0f %8.1f %7.1f\n",
                    r.hosts, r.vms, r.vmsWithIp, r.buildSeconds, r.runSeconds, r.runCpuSeconds,
                    r.simSeconds / r.runSeconds, r.events, r.events / r.runSeconds,
                    1e9 * r.runSeconds / r.events, r.frames, r.frames / r.runSeconds,
                    r.peakRssKb / 1024.0, double(r.peakRssKb - r.baseRssKb) / r.vms);
    }
}

/// Print what each size delivered and lost.
void
PrintOutcome(const std::vector<Result>& results)
{
    std::printf(" hosts leaves spines VLANs queue-full pings sent answered  UDP sent delivered"
                "  other drops\n");
    for (const Result& r : results)
    {
        std::printf("%6u %6u %6u %5u %10" PRIu64 " %10" PRIu64 " %8" PRIu64 " %9" PRIu64
                    " %9" PRIu64 " ", r.hosts, r.leaves, r.spines, r.vlans,
                    r.drops[std::size_t(DropReason::QueueFull)], r.pingsSent, r.pingsAnswered,
                    r.udpSent, r.udpDelivered);
        bool any = false;
        for (std::size_t i = 0; i < kDropReasonCount; ++i)
        {
            if (r.drops[i] && i != std::size_t(DropReason::QueueFull))
            {
                std::printf(" %s %" PRIu64, DropReasonToString(DropReason(i)), r.drops[i]);
                any = true;
            }
        }
        std::printf("%s\n", any ? "" : " none");
    }
}

/// Print how a size's cost compares with a smaller one's.
void
PrintRatio(const Result& a, const Result& b)
{
    std::printf("%6u -> %-6u %7.2f %8.2f %8.2f %8.2f %10.2f %8.2f %13.1f\n", a.hosts, b.hosts,
                double(b.vms) / a.vms, double(b.events) / a.events, b.runSeconds / a.runSeconds,
                b.runCpuSeconds / a.runCpuSeconds,
                (b.runSeconds / b.events) / (a.runSeconds / a.events), double(b.frames) / a.frames,
                double(b.peakRssKb - a.peakRssKb) / (double(b.vms) - a.vms));
}

/// Print the run's set-up.
void
PrintHeader(const Options& o, const std::string& scheduler)
{
    std::printf("Scale benchmark: %s VLAN layout, %u VMs per host, %u hosts per leaf, up to %u "
                "spines, %g simulated s, IP stacks on %s (%s), %s\n", o.flat ? "flat" : "bounded",
                o.vmsPerHost, o.hostsPerLeaf, o.spines, o.stopTime,
                o.ipOnAll ? "every VM" : "the VMs with traffic only",
                o.ipv6 ? "IPv4+IPv6" : "IPv4 only", scheduler.c_str());
    std::printf("Leaves: a static LAG of 2 x 40G trunks to one spine; hosts: 2 x 10G to their "
                "leaf. Traffic: per %s a ping and 20 Mb/s UDP across the spine",
                o.trafficEvery > 1 ? ("every " + std::to_string(o.trafficEvery) + "th host").c_str()
                                   : "host");
    if (o.udp2Every)
    {
        std::printf("; on every %uth host 10 Mb/s UDP within the leaf", o.udp2Every);
    }
    std::printf(".\n\n");
    std::fflush(stdout);
}

// clang-format on

/// \return false (and say why) when the run contradicts itself or, with strict, lost anything
bool
Check(const Result& r, bool strict)
{
    const char* why = nullptr;
    if (r.events == 0 || r.pingsSent == 0 || r.udpSent == 0)
    {
        why = "nothing was sent";
    }
    else if (r.pingsAnswered == 0 || r.udpDelivered == 0)
    {
        why = "nothing arrived";
    }
    else if (r.pingsAnswered > r.pingsSent || r.udpDelivered > r.udpSent)
    {
        why = "more arrived than was sent";
    }
    else if (strict && (r.pingsAnswered != r.pingsSent || r.udpDelivered != r.udpSent ||
                        r.drops[std::size_t(DropReason::QueueFull)] != 0))
    {
        why = "a ping went unanswered, a datagram was lost or a queue overflowed (--strict)";
    }
    if (why)
    {
        std::printf("error: %u hosts: %s\n", r.hosts, why);
    }
    return why == nullptr;
}

/// \return the sizes of "25,100,250" (a fatal error for anything else)
std::vector<uint32_t>
ParseSizes(const std::string& text)
{
    std::vector<uint32_t> sizes;
    std::istringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
    {
        sizes.push_back(std::atoi(item.c_str()));
        NS_ABORT_MSG_IF(sizes.back() < 1, "--sizes: \"" << item << "\" is not a number of hosts");
    }
    NS_ABORT_MSG_IF(sizes.empty(), "--sizes is empty");
    return sizes;
}

} // namespace

int
main(int argc, char* argv[])
{
    Options o;
    std::string sizesText = "25,100,250,500";
    uint32_t hosts = 0;
    std::string layout = "bounded";
    // A binary heap in a vector: at 10,000 VMs 18% less CPU than ns-3's default MapScheduler
    // (a red-black tree), same event order (time, then insertion).
    std::string scheduler = "ns3::PriorityQueueScheduler";
    bool quick = false;
    bool strict = false;
    bool inProcess = false;

    CommandLine cmd(__FILE__);
    cmd.AddValue("sizes", "Numbers of hosts to run, comma-separated", sizesText);
    cmd.AddValue("hosts", "Run this one size (overrides --sizes)", hosts);
    cmd.AddValue("vmsPerHost", "VMs per ESXi host", o.vmsPerHost);
    cmd.AddValue("hostsPerLeaf", "ESXi hosts per leaf switch", o.hostsPerLeaf);
    cmd.AddValue("spines", "Spine switches (bounded layout)", o.spines);
    cmd.AddValue("layout", "VLAN layout: bounded (four VLANs per pair of leaves) or flat", layout);
    cmd.AddValue("stopTime", "Simulated seconds", o.stopTime);
    cmd.AddValue("ipOnAll", "An IP stack on every VM (else only on VMs with traffic)", o.ipOnAll);
    cmd.AddValue("ipv6", "Install IPv6 as well as IPv4 in the VMs' stacks", o.ipv6);
    cmd.AddValue("udp2Every", "Every n-th host streams within its leaf too (0: none)", o.udp2Every);
    cmd.AddValue("trafficEvery", "Only every n-th host sends (1: every host)", o.trafficEvery);
    cmd.AddValue("quick", "CI: 6 and 12 hosts, 3 per leaf, 10 VMs each, 1 simulated s", quick);
    cmd.AddValue("strict", "Fail on an unanswered ping, a lost datagram, a full queue", strict);
    cmd.AddValue("inProcess", "Run the first size in this process (for profilers)", inProcess);
    cmd.AddValue("scheduler", "ns-3 scheduler TypeId", scheduler);
    cmd.AddValue("reportEvery",
                 "Soak: print RSS, rates, losses and unbalanced ledgers every this many "
                 "simulated seconds (0: never)",
                 g_reportEvery);
    cmd.Parse(argc, argv);
    NS_ABORT_MSG_IF(layout != "bounded" && layout != "flat",
                    "--layout must be bounded or flat, not " << layout);
    o.flat = layout == "flat";
    if (quick)
    {
        sizesText = "6,12";
        o.vmsPerHost = 10;
        o.hostsPerLeaf = 3;
        o.stopTime = 1;
    }
    NS_ABORT_MSG_IF(o.vmsPerHost < 1 || o.hostsPerLeaf < 1 || o.spines < 1 || o.trafficEvery < 1,
                    "--vmsPerHost, --hostsPerLeaf, --spines and --trafficEvery must be at least 1");
    NS_ABORT_MSG_IF(o.stopTime < 0.5,
                    "--stopTime must be at least 0.5 s (traffic starts at 0.2 s)");
    std::vector<uint32_t> sizes = hosts ? std::vector<uint32_t>{hosts} : ParseSizes(sizesText);
    GlobalValue::Bind("SchedulerType", StringValue(scheduler));
    // ns-3's ARP holds 3 packets while it resolves; the intra-leaf streams start without a
    // ping ahead of them, so let it hold, as vswitch-sim's endpoints and Linux guests do
    // (unres_qlen: 101), the datagrams of its 10 ms request jitter.
    Config::SetDefault("ns3::ArpCache::PendingQueueSize", UintegerValue(101));
    PrintHeader(o, scheduler);

    std::vector<Result> results;
    for (uint32_t n : sizes)
    {
        results.push_back(inProcess ? RunSize(o, n) : RunIsolated(o, n));
        if (inProcess)
        {
            break; // one size: a second would not start from an empty process
        }
    }
    PrintCost(results);
    std::printf("\n");
    PrintOutcome(results);
    bool ok = true;
    for (const Result& r : results)
    {
        ok = Check(r, strict) && ok;
    }
    if (results.size() > 1)
    {
        std::printf("\nratios              VMs   events     wall      cpu wall/event   frames  "
                    "KiB/added VM\n");
        for (std::size_t i = 1; i < results.size(); ++i)
        {
            PrintRatio(results[i - 1], results[i]);
        }
        if (results.size() > 2)
        {
            PrintRatio(results.front(), results.back());
        }
    }
    return ok ? 0 : 1;
}
