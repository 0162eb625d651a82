/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim --plot: per-uplink load and drops by reason over time.
 */
#include "scenario-timeseries.h"

#include "scenario-output-topology.h"

#include "ns3/frame-accounting.h"
#include "ns3/log.h"
#include "ns3/output-file.h"
#include "ns3/simulator.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ostream>

NS_LOG_COMPONENT_DEFINE("VswitchSimTimeSeries");

namespace vsim
{

namespace
{

/// Draws uplink-load.png and drops.png from the CSV files of the folder given as argv[1].
/// Exit status 3 (and a line on stderr) when matplotlib is missing.
const char* kPlotScript = R"python(
import csv, os, sys
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    sys.stderr.write("matplotlib is not installed (apt-get install python3-matplotlib)\n")
    sys.exit(3)
out = sys.argv[1]
def rows(name):
    with open(os.path.join(out, name), newline="") as f:
        return list(csv.DictReader(f))
load = {}
for r in rows("uplink-load.csv"):
    key = r["host"] + " " + r["uplink"] + " (" + r["vswitch"] + ")"
    load.setdefault(key, []).append((float(r["time"]), float(r["txMbps"]), float(r["rxMbps"])))
fig, axes = plt.subplots(2, 1, sharex=True, figsize=(9, 6))
for key, pts in sorted(load.items()):
    t = [p[0] for p in pts]
    axes[0].step(t, [p[1] for p in pts], where="pre", label=key)
    axes[1].step(t, [p[2] for p in pts], where="pre", label=key)
axes[0].set_ylabel("sent, Mb/s")
axes[1].set_ylabel("received, Mb/s")
axes[1].set_xlabel("simulated time, s")
axes[0].set_title("ESXi uplinks: load per sampling interval")
for ax in axes:
    ax.grid(True, alpha=0.3)
if load:
    axes[0].legend(fontsize=7, loc="upper right")
fig.tight_layout()
fig.savefig(os.path.join(out, "uplink-load.png.tmp"), format="png", dpi=100)
drops = {}
for r in rows("drops.csv"):
    drops.setdefault(r["reason"], []).append((float(r["time"]), int(r["frames"])))
fig, ax = plt.subplots(figsize=(9, 4))
for reason, pts in sorted(drops.items()):
    ax.step([p[0] for p in pts], [p[1] for p in pts], where="pre", label=reason)
ax.set_ylabel("frames dropped per interval")
ax.yaxis.get_major_locator().set_params(integer=True)
ax.set_xlabel("simulated time, s")
ax.set_title("Drops by reason (every device)" if drops else "Drops by reason: none")
ax.grid(True, alpha=0.3)
if drops:
    ax.legend(fontsize=8, loc="upper right")
fig.tight_layout()
fig.savefig(os.path.join(out, "drops.png.tmp"), format="png", dpi=100)
os.replace(os.path.join(out, "uplink-load.png.tmp"), os.path.join(out, "uplink-load.png"))
os.replace(os.path.join(out, "drops.png.tmp"), os.path.join(out, "drops.png"))
)python";

/// Debian's python3 (the one with Debian's matplotlib), else the first on PATH.
const char*
Python()
{
    return access("/usr/bin/python3", X_OK) == 0 ? "/usr/bin/python3" : "python3";
}

/// Write a CSV file through OutputFile (temporary, renamed when whole).
template <typename F>
bool
WriteFile(const std::string& path, std::string& problem, F body)
{
    ns3::OutputFile file;
    if (!file.Open(path, ns3::OutputFile::Mode::Replace))
    {
        problem = path + ": " + file.GetError();
        return false;
    }
    {
        ns3::OutputFileStreamBuf buf(file);
        std::ostream os(&buf);
        body(os);
        os.flush();
    }
    if (!file.Commit())
    {
        problem = path + ": " + file.GetError();
        return false;
    }
    return true;
}

/// Seconds, printed without noise ("0.1", "2.5").
std::string
Seconds(double s)
{
    char text[32];
    std::snprintf(text, sizeof(text), "%.9g", s);
    return text;
}

} // namespace

TimeSeries::TimeSeries(const ScenarioBuilder& b, ns3::Time interval)
    : m_builder(b),
      m_interval(interval)
{
    NS_ABORT_MSG_IF(!interval.IsStrictlyPositive(), "TimeSeries: the interval must be positive");
    for (const auto& [ref, host] : b.Hosts())
    {
        for (const auto& vs : host->GetVSwitches())
        {
            for (const auto& u : vs->GetUplinks())
            {
                m_uplinks.push_back({ref, vs->GetName(), u.name});
            }
        }
    }
}

TimeSeries::Sample
TimeSeries::Read() const
{
    Sample s;
    s.time = ns3::Simulator::Now().GetSeconds();
    for (const auto& [ref, host] : m_builder.Hosts())
    {
        for (const auto& vs : host->GetVSwitches())
        {
            for (const auto& u : vs->GetUplinks())
            {
                s.txBytes.push_back(u.txBytes);
                s.rxBytes.push_back(u.rxBytes);
                s.txFrames.push_back(u.txFrames);
                s.rxFrames.push_back(u.rxFrames);
            }
        }
    }
    ns3::FrameLedger total = ns3::FrameAccounting::Total(ns3::FrameAccounting::Collect());
    s.drops = total.dropped.frames;
    return s;
}

void
TimeSeries::Start()
{
    m_samples.push_back(Read());
    ns3::Simulator::Schedule(m_interval, &TimeSeries::Tick, this);
}

void
TimeSeries::Tick()
{
    m_samples.push_back(Read());
    ns3::Simulator::Schedule(m_interval, &TimeSeries::Tick, this);
}

void
TimeSeries::Finish()
{
    double now = ns3::Simulator::Now().GetSeconds();
    if (m_samples.empty() || m_samples.back().time < now)
    {
        m_samples.push_back(Read());
    }
}

std::size_t
TimeSeries::GetSampleCount() const
{
    return m_samples.size();
}

bool
TimeSeries::WriteCsv(const std::string& dir, std::string& problem) const
{
    bool ok = WriteFile(dir + "/uplink-load.csv", problem, [this](std::ostream& os) {
        os << "time,host,vswitch,uplink,txMbps,rxMbps,txFrames,rxFrames\n";
        for (std::size_t i = 1; i < m_samples.size(); ++i)
        {
            const Sample& a = m_samples[i - 1];
            const Sample& b = m_samples[i];
            double dt = b.time - a.time;
            for (std::size_t u = 0; u < m_uplinks.size() && u < b.txBytes.size(); ++u)
            {
                double tx = dt > 0 ? (b.txBytes[u] - a.txBytes[u]) * 8.0 / dt / 1e6 : 0;
                double rx = dt > 0 ? (b.rxBytes[u] - a.rxBytes[u]) * 8.0 / dt / 1e6 : 0;
                char rates[64];
                std::snprintf(rates, sizeof(rates), "%.6f,%.6f", tx, rx);
                os << Seconds(b.time) << "," << m_uplinks[u].host << "," << m_uplinks[u].vswitch
                   << "," << m_uplinks[u].name << "," << rates << ","
                   << (b.txFrames[u] - a.txFrames[u]) << "," << (b.rxFrames[u] - a.rxFrames[u])
                   << "\n";
            }
        }
    });
    if (!ok)
    {
        return false;
    }
    return WriteFile(dir + "/drops.csv", problem, [this](std::ostream& os) {
        os << "time,reason,frames\n";
        if (m_samples.empty())
        {
            return;
        }
        // Every reason that dropped anything in the run, in every interval (zeros too).
        const Sample& last = m_samples.back();
        for (std::size_t i = 1; i < m_samples.size(); ++i)
        {
            for (std::size_t r = 0; r < ns3::kDropReasonCount; ++r)
            {
                if (last.drops[r] == 0)
                {
                    continue;
                }
                os << Seconds(m_samples[i].time) << ","
                   << ns3::DropReasonToString(static_cast<ns3::DropReason>(r)) << ","
                   << (m_samples[i].drops[r] - m_samples[i - 1].drops[r]) << "\n";
            }
        }
    });
}

std::string
TimeSeries::Plot(const std::string& dir)
{
    int status = 0;
    int spawnError = 0;
    std::string problem = RunProgram({Python(), "-c", kPlotScript, dir}, status, spawnError);
    if (!problem.empty())
    {
        status = -1;
    }
    if (status != 0)
    {
        // Never an earlier run's pictures beside this run's numbers.
        for (const char* name : {"/uplink-load.png", "/drops.png"})
        {
            std::remove((dir + name).c_str());
        }
        if (!problem.empty())
        {
            return problem + " (apt-get install python3 python3-matplotlib)";
        }
        return status == 3 ? "matplotlib is not installed (apt-get install python3-matplotlib)"
                           : "the plotting script failed (its message is above)";
    }
    NS_LOG_INFO("drew " << dir << "/uplink-load.png and drops.png");
    return "";
}

} // namespace vsim
