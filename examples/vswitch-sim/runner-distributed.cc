/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim --mpi: the runner's part of a distributed run (runner-distributed.h).
 */
#include "runner-distributed.h"

#include "guest-arp-drops.h"

#include "summary-merge.h"

#include "ns3/log.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <sys/resource.h>

NS_LOG_COMPONENT_DEFINE("VswitchSimDistributed");

namespace vsim
{

namespace json = boost::json;

namespace
{

/// Append one length-prefixed string.
void
Put(std::string& out, const std::string& s)
{
    uint64_t n = s.size();
    out.append(reinterpret_cast<const char*>(&n), sizeof(n));
    out += s;
}

/// Read one length-prefixed string at pos (moved past it).
std::string
Take(const std::string& in, std::size_t& pos)
{
    uint64_t n = 0;
    if (pos + sizeof(n) > in.size())
    {
        throw std::runtime_error("a rank's results are cut short");
    }
    std::memcpy(&n, in.data() + pos, sizeof(n));
    pos += sizeof(n);
    if (pos + n > in.size())
    {
        throw std::runtime_error("a rank's results are cut short");
    }
    std::string s = in.substr(pos, n);
    pos += n;
    return s;
}

/// The whole of a file ("" when it cannot be read).
bool
ReadFile(const std::string& path, std::string& bytes)
{
    std::ifstream f(path, std::ios::binary);
    if (!f)
    {
        return false;
    }
    bytes.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
    return !f.bad();
}

} // namespace

std::unique_ptr<Partition>
SetUpDistributedRun(const RunOptions& o, const Scenario& s, ScenarioBuilder& b, RunResult& r)
{
    Distribution* d = o.distribution;
    std::vector<std::string> errors;
    if (!o.plot.empty())
    {
        errors.push_back("--plot is not supported with --mpi (the time series of one process)");
    }
    auto p = std::make_unique<Partition>(s, d->Ranks(), errors);
    if (!errors.empty())
    {
        r.status = RunStatus::Invalid;
        r.errors = std::move(errors);
        return nullptr;
    }
    b.SetPartition(p.get(), [d]() { return d->MakeCableHelper(); });
    return p;
}

bool
GatherResults(const RunOptions& o,
              const Scenario& s,
              const ScenarioBuilder& b,
              const RunFacts& facts,
              const std::string& failure,
              const std::string& dir,
              GatheredResults& out)
{
    Distribution* d = o.distribution;
    const uint32_t me = d->Rank();
    std::string mine;
    Put(mine, failure);
    std::vector<TableBlock> blocks;
    if (failure.empty())
    {
        Put(mine, json::serialize(SummaryObject(s, b, facts, me)));
        blocks = TableBlocks(b);
        std::string texts;
        Put(texts, std::to_string(blocks.size()));
        for (const auto& block : blocks)
        {
            Put(texts, block.rank == me ? block.text : std::string());
        }
        Put(mine, texts);
        // This rank's capture files (rank 0's are in place already).
        std::string files;
        std::size_t count = 0;
        bool console = false;
        for (const auto& c : b.Captures())
        {
            if (c.rank != me)
            {
                continue;
            }
            if (c.file.empty())
            {
                console = true;
                continue;
            }
            if (me != 0 && !dir.empty())
            {
                std::string bytes;
                if (!ReadFile(dir + "/" + c.file, bytes))
                {
                    NS_LOG_WARN("rank " << me << ": " << dir << "/" << c.file << " cannot be read");
                }
                Put(files, c.file);
                Put(files, bytes);
                ++count;
            }
        }
        if (console && me != 0 && !dir.empty())
        {
            std::string bytes;
            ReadFile(dir + "/captures.txt", bytes);
            Put(files, "captures.txt");
            Put(files, bytes);
            ++count;
        }
        Put(mine, std::to_string(count));
        mine += files;
    }
    Put(mine, std::to_string(d->DroppedEvents()));
    struct rusage usage
    {
    };
    getrusage(RUSAGE_SELF, &usage);
    Put(mine, std::to_string(usage.ru_maxrss));

    std::vector<std::string> all = d->Gather(mine);
    if (me != 0)
    {
        return false;
    }
    std::vector<json::object> summaries;
    std::vector<std::vector<std::string>> texts;
    for (uint32_t r = 0; r < all.size(); ++r)
    {
        std::size_t pos = 0;
        std::string failed = Take(all[r], pos);
        if (!failed.empty())
        {
            out.errors.push_back("rank " + std::to_string(r) + ": " + failed);
            continue;
        }
        summaries.push_back(json::parse(Take(all[r], pos)).as_object());
        GatheredResults::Rank figures;
        figures.events = summaries.back().at("events").to_number<uint64_t>();
        figures.wallSeconds = summaries.back().at("wallSeconds").to_number<double>();
        std::string t = Take(all[r], pos);
        std::size_t tpos = 0;
        std::size_t n = std::stoul(Take(t, tpos));
        texts.emplace_back();
        for (std::size_t k = 0; k < n; ++k)
        {
            texts.back().push_back(Take(t, tpos));
        }
        std::size_t files = std::stoul(Take(all[r], pos));
        for (std::size_t f = 0; f < files; ++f)
        {
            std::string name = Take(all[r], pos);
            out.files.emplace_back(name, Take(all[r], pos));
        }
        uint64_t dropped = std::stoull(Take(all[r], pos));
        out.droppedEvents += dropped;
        figures.maxRssKiB = std::stoull(Take(all[r], pos));
        out.ranks.push_back(figures);
    }
    if (!out.errors.empty())
    {
        return true;
    }
    out.summary = MergeSummaries(summaries, b);
    out.tables = MergeTables(blocks, texts);
    return true;
}

std::string
DistributedReport(const Scenario& s,
                  const GatheredResults& g,
                  const Partition& p,
                  const Distribution& d,
                  const std::string& outputDir)
{
    std::ostringstream os;
    os << "vswitch-sim: " << s.name << ": " << s.stopTimeText << " simulated";
    os << " in " << g.summary.at("wallSeconds").to_number<double>() << " s ("
       << g.summary.at("events").to_number<uint64_t>() << " events) on " << d.Ranks()
       << " MPI ranks (" << d.Engine() << ", " << p.CablesBetweenRanks()
       << " cables between ranks)\n";
    std::vector<std::string> lines = p.Describe();
    for (std::size_t r = 0; r < lines.size(); ++r)
    {
        os << "  " << lines[r];
        if (r < g.ranks.size())
        {
            const GatheredResults::Rank& f = g.ranks[r];
            os << ": " << f.events << " events in " << f.wallSeconds << " s ("
               << static_cast<uint64_t>(f.wallSeconds > 0 ? f.events / f.wallSeconds : 0)
               << " events/s), peak memory " << (f.maxRssKiB + 512) / 1024 << " MiB";
        }
        os << "\n";
    }
    for (const auto& v : g.summary.at("traffic").as_array())
    {
        const json::object& t = v.as_object();
        os << "  traffic[" << t.at("index").to_number<uint64_t>() << "] "
           << t.at("type").as_string().c_str() << " " << t.at("from").as_string().c_str()
           << " -> " << t.at("to").as_string().c_str()
           << ": sent " << t.at("sent").to_number<uint64_t>() << ", received "
           << t.at("received").to_number<uint64_t>() << "\n";
    }
    os << GuestArpDrops::Report(g.summary.at("arpDrops").as_array());
    for (const auto& v : g.summary.at("captures").as_array())
    {
        const json::object& c = v.as_object();
        os << "  captures[" << c.at("index").to_number<uint64_t>() << "] "
           << c.at("file").as_string().c_str() << ": " << c.at("frames").to_number<uint64_t>()
           << " frames\n";
    }
    if (!outputDir.empty())
    {
        os << "  results in " << outputDir << "/ (summary.json, tables.txt, topology.svg, pcaps)\n";
    }
    return os.str();
}

} // namespace vsim
