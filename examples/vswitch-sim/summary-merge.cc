/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim --mpi: one summary.json and one tables.txt from every rank's (summary-merge.h).
 */
#include "summary-merge.h"

#include "guest-arp-drops.h"

#include "ns3/log.h"
#include "ns3/node.h"

#include <algorithm>
#include <map>
#include <stdexcept>

NS_LOG_COMPONENT_DEFINE("VswitchSimSummaryMerge");

namespace vsim
{

namespace json = boost::json;

namespace
{

/// Who simulated what: the ranks of hosts and switches, and their order in the summary.
struct Owners
{
    std::map<std::string, std::pair<uint32_t, std::size_t>> hosts;    //!< ref -> rank, index
    std::map<std::string, std::pair<uint32_t, std::size_t>> switches; //!< name -> rank, index

    /// \return the rank and the summary order of the host or switch a row is about
    std::pair<uint32_t, std::size_t> Of(const json::object& row) const
    {
        if (const json::value* h = row.if_contains("host"))
        {
            auto it = hosts.find(std::string(h->as_string()));
            if (it != hosts.end())
            {
                return it->second;
            }
        }
        if (const json::value* s = row.if_contains("switch"))
        {
            auto it = switches.find(std::string(s->as_string()));
            if (it != switches.end())
            {
                return {it->second.first, hosts.size() + it->second.second};
            }
        }
        throw std::logic_error("summary row without a known host or switch: " +
                               json::serialize(row));
    }
};

/// Rows about hosts and switches: each from its owner's summary, in one-process order.
json::array
ByOwner(const std::vector<json::object>& ranks, const char* key, const Owners& owners)
{
    struct Row
    {
        std::size_t order;
        std::size_t seq;
        const json::value* row;
    };
    std::vector<Row> rows;
    for (uint32_t r = 0; r < ranks.size(); ++r)
    {
        const json::array& a = ranks[r].at(key).as_array();
        for (std::size_t i = 0; i < a.size(); ++i)
        {
            auto [rank, order] = owners.Of(a[i].as_object());
            if (rank == r)
            {
                rows.push_back({order, i, &a[i]});
            }
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const Row& x, const Row& y) {
        return x.order < y.order;
    });
    json::array out;
    for (const Row& row : rows)
    {
        out.push_back(*row.row);
    }
    return out;
}

/// Rows by index (traffic, captures, vMotions): row i from the rank rankOf(i).
template <typename F>
json::array
ByIndex(const std::vector<json::object>& ranks, const char* key, F rankOf)
{
    const json::array& first = ranks[0].at(key).as_array();
    json::array out;
    for (std::size_t i = 0; i < first.size(); ++i)
    {
        uint32_t r = rankOf(i);
        out.push_back(ranks.at(r).at(key).as_array().at(i));
    }
    return out;
}

/// Ledger rows of every rank, in node order (each rank lists its own nodes in order).
json::array
ByNode(const std::vector<json::object>& ranks, const char* key)
{
    std::vector<std::pair<uint64_t, json::object>> rows;
    for (const auto& r : ranks)
    {
        for (const auto& v : r.at("frames").as_object().at(key).as_array())
        {
            json::object row = v.as_object();
            uint64_t node = row.at("_node").to_number<uint64_t>();
            row.erase("_node");
            rows.emplace_back(node, std::move(row));
        }
    }
    std::stable_sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
        return x.first < y.first;
    });
    json::array out;
    for (auto& [node, row] : rows)
    {
        if (std::string(key) == "unbalanced")
        {
            out.push_back(row.at("label"));
        }
        else
        {
            out.push_back(std::move(row));
        }
    }
    return out;
}

/// Sum two ledgers (in, forwarded, delivered, queued, dropped by reason).
void
AddLedger(json::object& total, const json::object& more)
{
    for (const char* k : {"in", "forwarded", "delivered", "queued"})
    {
        total[k] = total[k].to_number<uint64_t>() + more.at(k).to_number<uint64_t>();
    }
    json::object& dropped = total["dropped"].as_object();
    for (const auto& [reason, n] : more.at("dropped").as_object())
    {
        uint64_t had = dropped.contains(reason) ? dropped[reason].to_number<uint64_t>() : 0;
        dropped[reason] = had + n.to_number<uint64_t>();
    }
}

json::object
MergeFrames(const std::vector<json::object>& ranks)
{
    json::object frames;
    json::array unbalanced = ByNode(ranks, "unbalanced");
    frames["balanced"] = unbalanced.empty();
    frames["unbalanced"] = std::move(unbalanced);
    json::object total = ranks[0].at("frames").as_object().at("total").as_object();
    for (std::size_t r = 1; r < ranks.size(); ++r)
    {
        AddLedger(total, ranks[r].at("frames").as_object().at("total").as_object());
    }
    // The reasons in the order the model lists them, as one ledger writes them.
    json::object sorted;
    for (const char* k : {"in", "forwarded", "delivered", "queued"})
    {
        sorted[k] = total[k];
    }
    sorted["dropped"] = total["dropped"];
    frames["total"] = std::move(sorted);
    frames["devices"] = ByNode(ranks, "devices");
    return frames;
}

} // namespace

json::object
MergeSummaries(const std::vector<json::object>& ranks, const ScenarioBuilder& b)
{
    NS_LOG_FUNCTION(ranks.size());
    if (ranks.empty())
    {
        throw std::logic_error("MergeSummaries: no summary");
    }
    Owners owners;
    for (std::size_t i = 0; i < b.Hosts().size(); ++i)
    {
        const auto& [ref, host] = b.Hosts()[i];
        owners.hosts[ref] = {host->GetNode()->GetSystemId(), i};
    }
    for (std::size_t i = 0; i < b.Switches().size(); ++i)
    {
        const auto& [name, sw] = b.Switches()[i];
        owners.switches[name] = {sw->GetNode()->GetSystemId(), i};
    }

    json::object out;
    for (const auto& [key, value] : ranks[0])
    {
        if (key == "scenario" || key == "stopTime" || key == "scenarioEvents" ||
            key == "stoppedAt")
        {
            out[key] = value;
        }
        else if (key == "wallSeconds")
        {
            double longest = 0;
            for (const auto& r : ranks)
            {
                longest = std::max(longest, r.at(key).to_number<double>());
            }
            out[key] = longest;
        }
        else if (key == "events")
        {
            uint64_t sum = 0;
            for (const auto& r : ranks)
            {
                sum += r.at(key).to_number<uint64_t>();
            }
            out[key] = sum;
        }
        else if (key == "interrupted")
        {
            bool any = false;
            for (const auto& r : ranks)
            {
                any = any || r.at(key).as_bool();
            }
            out[key] = any;
        }
        else if (key == "traffic")
        {
            json::array rows = ByIndex(ranks, "traffic", [&](std::size_t i) {
                return b.Traffic().at(i)->rank;
            });
            for (std::size_t i = 0; i < rows.size(); ++i)
            {
                uint64_t received = 0;
                for (const auto& r : ranks)
                {
                    received += r.at(key).as_array().at(i).as_object().at("received").to_number<
                        uint64_t>();
                }
                rows[i].as_object()["received"] = received;
            }
            out[key] = std::move(rows);
        }
        else if (key == "captures")
        {
            out[key] = ByIndex(ranks, "captures", [&](std::size_t i) {
                return b.Captures().at(i).rank;
            });
        }
        else if (key == "vmotions")
        {
            out[key] = ByIndex(ranks, "vmotions", [&](std::size_t i) {
                return b.Vmotions().at(i)->rank;
            });
        }
        else if (key == "ports" || key == "drops" || key == "uplinks")
        {
            out[key] = ByOwner(ranks, key.data(), owners);
        }
        else if (key == "arpDrops")
        {
            std::vector<const json::array*> rows;
            for (const auto& r : ranks)
            {
                rows.push_back(&r.at(key).as_array());
            }
            out[key] = GuestArpDrops::Merge(rows);
        }
        else if (key == "macTables")
        {
            json::object tables;
            for (const auto& [name, rows] : value.as_object())
            {
                auto it = owners.switches.find(std::string(name));
                uint32_t r = it == owners.switches.end() ? 0 : it->second.first;
                tables[name] = ranks.at(r).at(key).as_object().at(name);
            }
            out[key] = std::move(tables);
        }
        else if (key == "nsx")
        {
            out[key] = ranks.at(NsxRank(b)).at(key);
        }
        else if (key == "frames")
        {
            out[key] = MergeFrames(ranks);
        }
        else
        {
            throw std::logic_error("summary key \"" + std::string(key) +
                                   "\" has no rule for merging the ranks' summaries "
                                   "(summary-merge.cc)");
        }
    }
    return out;
}

std::string
MergeTables(const std::vector<TableBlock>& blocks, const std::vector<std::vector<std::string>>& texts)
{
    std::string out;
    for (std::size_t k = 0; k < blocks.size(); ++k)
    {
        out += texts.at(blocks[k].rank).at(k);
    }
    return out;
}

} // namespace vsim
