/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "scenario-output-frames.h"

#include "ns3/frame-accounting.h"
#include "ns3/log.h"
#include "ns3/node.h"

#include <algorithm>

NS_LOG_COMPONENT_DEFINE("VswitchSimFrames");

namespace vsim
{

namespace json = boost::json;

namespace
{

/// A ledger's counts (dropped: reason -> frames, non-zero reasons only).
void
PutLedger(json::object& row, const ns3::FrameLedger& l)
{
    row["in"] = l.in;
    row["forwarded"] = l.forwarded;
    row["delivered"] = l.delivered;
    row["queued"] = l.queued;
    json::object dropped;
    for (std::size_t r = 0; r < ns3::kDropReasonCount; ++r)
    {
        if (l.dropped.frames[r] != 0)
        {
            dropped[ns3::DropReasonToString(static_cast<ns3::DropReason>(r))] = l.dropped.frames[r];
        }
    }
    row["dropped"] = std::move(dropped);
}

const char*
DirectionName(ns3::FrameAccount::Direction d)
{
    switch (d)
    {
    case ns3::FrameAccount::Direction::Tx:
        return "tx";
    case ns3::FrameAccount::Direction::Rx:
        return "rx";
    case ns3::FrameAccount::Direction::Both:
        break;
    }
    return "switch";
}

} // namespace

json::object
FramesSummary(std::optional<uint32_t> onlyRank)
{
    std::vector<ns3::FrameAccount> accounts = ns3::FrameAccounting::Collect();
    if (onlyRank)
    {
        accounts.erase(std::remove_if(accounts.begin(),
                                      accounts.end(),
                                      [&](const ns3::FrameAccount& a) {
                                          return a.node->GetSystemId() != *onlyRank;
                                      }),
                       accounts.end());
    }
    json::array unbalanced;
    json::array devices;
    for (const ns3::FrameAccount& a : accounts)
    {
        if (!a.ledger.Balanced())
        {
            if (onlyRank)
            {
                json::object u;
                u["_node"] = a.node->GetId();
                u["label"] = a.Label();
                unbalanced.emplace_back(std::move(u));
            }
            else
            {
                unbalanced.emplace_back(a.Label());
            }
        }
        if (a.ledger.in == 0 && a.ledger.Accounted() == 0)
        {
            continue; // nothing went through this one
        }
        json::object row;
        if (onlyRank)
        {
            row["_node"] = a.node->GetId();
        }
        row["owner"] = a.owner;
        row["device"] = a.name;
        row["ledger"] = DirectionName(a.direction);
        PutLedger(row, a.ledger);
        devices.push_back(std::move(row));
    }
    json::object block;
    block["balanced"] = unbalanced.empty();
    block["unbalanced"] = std::move(unbalanced);
    json::object total;
    PutLedger(total, ns3::FrameAccounting::Total(accounts));
    block["total"] = std::move(total);
    block["devices"] = std::move(devices);
    return block;
}

} // namespace vsim
