/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: summary.json (for programs) and tables.txt (for people).
 */
#include "scenario-output.h"

#include "scenario-output-emulate.h"
#include "scenario-output-frames.h"
#include "scenario-output-nsx.h"

#include "ns3/drop-reason.h"
#include "ns3/esxi-host.h"
#include "ns3/ethernet-net-device.h"
#include "ns3/log.h"
#include "ns3/output-file.h"
#include "ns3/port-group.h"
#include "ns3/vmotion.h"
#include "ns3/vswitch-port.h"
#include "ns3/vswitch.h"

#include <boost/json.hpp>
#include <cmath>
#include <cstdio>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("VswitchSimOutput");

namespace vsim
{

namespace json = boost::json;

namespace
{

std::string
Text(const ns3::Mac48Address& mac)
{
    std::ostringstream os;
    os << mac;
    return os.str();
}

double
Round(double v, int digits)
{
    double f = std::pow(10.0, digits);
    return std::round(v * f) / f;
}

/// Two-space indented JSON, one key per line.
void
Pretty(std::ostream& os, const json::value& v, int indent)
{
    std::string pad(indent, ' ');
    std::string inner(indent + 2, ' ');
    if (v.is_object())
    {
        const json::object& o = v.get_object();
        if (o.empty())
        {
            os << "{}";
            return;
        }
        os << "{\n";
        std::size_t i = 0;
        for (const auto& kv : o)
        {
            os << inner << json::serialize(json::string(kv.key())) << ": ";
            Pretty(os, kv.value(), indent + 2);
            os << (++i < o.size() ? ",\n" : "\n");
        }
        os << pad << "}";
    }
    else if (v.is_array())
    {
        const json::array& a = v.get_array();
        if (a.empty())
        {
            os << "[]";
            return;
        }
        bool scalars = true;
        for (const auto& e : a)
        {
            scalars = scalars && !e.is_object() && !e.is_array();
        }
        if (scalars)
        {
            os << json::serialize(v);
            return;
        }
        os << "[\n";
        for (std::size_t i = 0; i < a.size(); ++i)
        {
            os << inner;
            Pretty(os, a[i], indent + 2);
            os << (i + 1 < a.size() ? ",\n" : "\n");
        }
        os << pad << "]";
    }
    else if (v.is_double())
    {
        std::ostringstream d;
        d.precision(12);
        d << v.get_double();
        os << d.str();
    }
    else
    {
        os << json::serialize(v);
    }
}

void
AddDrops(json::array& out,
         const std::string& host,
         const std::string& vswitch,
         uint32_t portId,
         const ns3::DropCounters& drops)
{
    for (std::size_t r = 0; r < ns3::kDropReasonCount; ++r)
    {
        if (drops.frames[r] == 0)
        {
            continue;
        }
        json::object row;
        row["host"] = host;
        row["vswitch"] = vswitch;
        row["portId"] = portId;
        row["reason"] = ns3::DropReasonToString(static_cast<ns3::DropReason>(r));
        row["frames"] = drops.frames[r];
        out.push_back(std::move(row));
    }
}

/// Frames dropped at an uplink, by reason: by the vSwitch and by the NIC itself.
json::object
UplinkDrops(const ns3::DropCounters& vswitch, const ns3::DropCounters& nic)
{
    json::object out;
    for (std::size_t r = 0; r < ns3::kDropReasonCount; ++r)
    {
        uint64_t n = vswitch.frames[r] + nic.frames[r];
        if (n != 0)
        {
            out[ns3::DropReasonToString(static_cast<ns3::DropReason>(r))] = n;
        }
    }
    return out;
}

/// `esxcli network nic list`: the host's physical NICs and their state.
void
PrintNicList(std::ostream& f, ns3::Ptr<ns3::EsxiHost> host)
{
    char line[160];
    std::snprintf(line,
                  sizeof(line),
                  "%-8s  %-12s  %-11s  %-6s  %-6s  %-17s  %s\n",
                  "Name",
                  "Admin Status",
                  "Link Status",
                  "Speed",
                  "Duplex",
                  "MAC Address",
                  "MTU");
    f << line;
    std::snprintf(line,
                  sizeof(line),
                  "%-8s  %-12s  %-11s  %-6s  %-6s  %-17s  %s\n",
                  "--------",
                  "------------",
                  "-----------",
                  "------",
                  "------",
                  "-----------------",
                  "----");
    f << line;
    for (const auto& name : host->GetNicNames())
    {
        ns3::Ptr<ns3::L2NetDevice> nic = host->GetNic(name);
        auto eth = ns3::DynamicCast<ns3::EthernetNetDevice>(nic);
        std::string speed =
            eth ? std::to_string(eth->GetDataRate().GetBitRate() / 1000000) : std::string("10000");
        bool admin = eth ? eth->IsAdminUp() : true;
        std::snprintf(line,
                      sizeof(line),
                      "%-8s  %-12s  %-11s  %-6s  %-6s  %-17s  %u\n",
                      name.c_str(),
                      admin ? "Up" : "Down",
                      nic->IsLinkUp() ? "Up" : "Down",
                      speed.c_str(),
                      "Full",
                      Text(ns3::Mac48Address::ConvertFrom(nic->GetAddress())).c_str(),
                      unsigned(nic->GetMtu()));
        f << line;
    }
}

/// `esxcli network nic stats get`: an uplink's counters, with drops by reason.
void
PrintNicStats(std::ostream& f, const ns3::VSwitch::UplinkInfo& u, const ns3::DropCounters& nic)
{
    f << "NIC statistics for " << u.name << "\n"
      << "   Packets received: " << u.rxFrames << "\n"
      << "   Packets sent: " << u.txFrames << "\n"
      << "   Bytes received: " << u.rxBytes << "\n"
      << "   Bytes sent: " << u.txBytes << "\n";
    uint64_t total = 0;
    std::string reasons;
    for (std::size_t r = 0; r < ns3::kDropReasonCount; ++r)
    {
        uint64_t n = u.drops.frames[r] + nic.frames[r];
        if (n)
        {
            total += n;
            reasons += (reasons.empty() ? "" : ", ") +
                       std::string(ns3::DropReasonToString(static_cast<ns3::DropReason>(r))) + " " +
                       std::to_string(n);
        }
    }
    f << "   Packets dropped: " << total << (reasons.empty() ? "" : " (" + reasons + ")") << "\n";
}

} // namespace

void
PrettyJson(std::ostream& f, const json::value& v)
{
    Pretty(f, v, 0);
    f << "\n";
}

json::object
SummaryObject(const Scenario& s,
              const ScenarioBuilder& b,
              const RunFacts& facts,
              std::optional<uint32_t> framesOfRank)
{
    json::object root;
    root["scenario"] = s.name;
    root["stopTime"] = facts.stopTime;
    root["wallSeconds"] = Round(facts.wallSeconds, 3);
    root["events"] = facts.events;

    json::array traffic;
    for (const auto& t : b.Traffic())
    {
        json::object row;
        row["index"] = t->index;
        row["type"] = t->type;
        row["from"] = t->from;
        row["to"] = t->to;
        row["sent"] = t->sent;
        row["received"] = t->received;
        if (t->type == "ping")
        {
            if (t->received > 0)
            {
                json::object rtt;
                rtt["min"] = Round(t->rttMin, 4);
                rtt["avg"] = Round(t->rttSum / t->received, 4);
                rtt["max"] = Round(t->rttMax, 4);
                row["rttMs"] = std::move(rtt);
            }
            else
            {
                row["rttMs"] = nullptr;
            }
            if (t->dontFragment)
            {
                row["tooBig"] = t->tooBig;
            }
        }
        traffic.push_back(std::move(row));
    }
    root["traffic"] = std::move(traffic);

    json::array captures;
    for (const auto& c : b.Captures())
    {
        json::object row;
        row["index"] = c.index;
        row["options"] = c.options;
        if (c.tally)
        {
            row["switch"] = s.captures[c.index].sw;
            row["port"] = s.captures[c.index].port;
        }
        row["file"] = c.file.empty() ? json::value("captures.txt") : json::value(c.file);
        row["frames"] = c.session ? c.session->GetFrameCount() : c.tally->frames;
        captures.push_back(std::move(row));
    }
    root["captures"] = std::move(captures);

    json::array ports;
    json::array drops;
    const std::map<const ns3::VSwitchPort*, ns3::DropCounters> vtepDrops = VtepDrops(b);
    for (const auto& [ref, host] : b.Hosts())
    {
        for (const auto& vs : host->GetVSwitches())
        {
            for (const auto& u : vs->GetUplinks())
            {
                AddDrops(drops, ref, vs->GetName(), u.portId, u.drops);
            }
            for (const auto& p : vs->GetPorts())
            {
                json::object row;
                row["host"] = ref;
                row["vswitch"] = vs->GetName();
                row["portId"] = p->GetPortId();
                row["client"] = p->GetClientName();
                row["portGroup"] = p->GetPortGroup()->GetName();
                row["mac"] = Text(p->GetEffectiveMac());
                row["uplink"] = p->GetTeamUplink();
                // Only on distributed switches (the model also keeps the number of a port
                // that vMotion brought onto a standard switch from a distributed one).
                if (vs->GetType() == ns3::VSwitch::Distributed &&
                    p->GetDvPort() != ns3::VSwitchPort::kNoDvPort)
                {
                    row["dvPort"] = p->GetDvPort();
                }
                ports.push_back(std::move(row));
                // A VTEP's port: the VTEP's own drops (VXLAN packets and frames) count there too.
                ns3::DropCounters d = p->GetCounters().drops;
                auto vtep = vtepDrops.find(ns3::PeekPointer(p));
                for (std::size_t r = 0; vtep != vtepDrops.end() && r < ns3::kDropReasonCount; ++r)
                {
                    d.frames[r] += vtep->second.frames[r];
                }
                AddDrops(drops, ref, vs->GetName(), p->GetPortId(), d);
            }
        }
    }
    for (const auto& [name, sw] : b.Switches())
    {
        for (const auto& port : sw->GetPortNames())
        {
            ns3::DropCounters d = sw->GetPortDrops(port);
            for (std::size_t r = 0; r < ns3::kDropReasonCount; ++r)
            {
                if (d.frames[r] == 0)
                {
                    continue;
                }
                json::object row;
                row["switch"] = name;
                row["port"] = port;
                row["reason"] = ns3::DropReasonToString(static_cast<ns3::DropReason>(r));
                row["frames"] = d.frames[r];
                drops.push_back(std::move(row));
            }
        }
    }
    root["ports"] = std::move(ports);

    json::array vmotions;
    for (const auto& v : b.Vmotions())
    {
        json::object row;
        row["vm"] = v->vm;
        row["from"] = v->from;
        row["to"] = v->to;
        const auto& records = v->motion->GetRecords();
        if (records.empty())
        {
            // Built, but it never began (the run stopped first: the loader refuses that).
            row["start"] = nullptr;
            row["switchover"] = nullptr;
            row["dvPorts"] = json::array();
            row["rarps"] = 0;
        }
        else
        {
            const ns3::VMotion::Record& r = records.front();
            row["start"] = Round(r.start.GetSeconds(), 9);
            row["switchover"] = v->switchedOver ? json::value(Round(r.switchover.GetSeconds(), 9))
                                                : json::value(nullptr);
            json::array dv;
            for (uint32_t d : r.dvPorts)
            {
                dv.push_back(d == ns3::VSwitchPort::kNoDvPort ? json::value(nullptr)
                                                              : json::value(d));
            }
            row["dvPorts"] = std::move(dv);
            row["rarps"] = v->rarps;
        }
        vmotions.push_back(std::move(row));
    }
    root["vmotions"] = std::move(vmotions);
    root["drops"] = std::move(drops);
    root["arpDrops"] = b.ArpDrops().Rows(framesOfRank);

    json::object macTables;
    for (const auto& [name, sw] : b.Switches())
    {
        json::array rows;
        for (const auto& e : sw->GetMacTable())
        {
            json::object row;
            row["vlan"] = e.vlan;
            row["mac"] = Text(e.mac);
            row["type"] = e.isStatic ? "STATIC" : "DYNAMIC";
            row["port"] = e.port;
            rows.push_back(std::move(row));
        }
        macTables[name] = std::move(rows);
    }
    root["macTables"] = std::move(macTables);
    root["nsx"] = NsxSummary(b);
    AddEmulateSummary(root, s, b);

    json::array events;
    for (const auto& e : b.Events())
    {
        if (!e->fired)
        {
            continue;
        }
        json::object row;
        row["index"] = e->index;
        row["time"] = Round(e->time, 9);
        row["type"] = e->type;
        row["what"] = e->what;
        events.push_back(std::move(row));
    }
    root["scenarioEvents"] = std::move(events);

    json::array uplinks;
    for (const auto& [ref, host] : b.Hosts())
    {
        for (const auto& vs : host->GetVSwitches())
        {
            for (const auto& u : vs->GetUplinks())
            {
                json::object row;
                row["host"] = ref;
                row["vswitch"] = vs->GetName();
                row["name"] = u.name;
                row["portId"] = u.portId;
                row["mac"] = Text(u.mac);
                row["link"] = u.linkUp ? "up" : "down";
                row["usable"] = u.usable;
                row["txFrames"] = u.txFrames;
                row["txBytes"] = u.txBytes;
                row["rxFrames"] = u.rxFrames;
                row["rxBytes"] = u.rxBytes;
                row["drops"] = UplinkDrops(u.drops, host->GetNic(u.name)->GetCounters().drops);
                uplinks.push_back(std::move(row));
            }
        }
    }
    root["uplinks"] = std::move(uplinks);
    root["frames"] = FramesSummary(framesOfRank);
    // Last, so that every key before them keeps its place.
    root["interrupted"] = facts.interrupted;
    root["stoppedAt"] = Round(facts.stoppedAt, 9);
    return root;
}

void
WriteSummary(std::ostream& f, const Scenario& s, const ScenarioBuilder& b, const RunFacts& facts)
{
    PrettyJson(f, SummaryObject(s, b, facts));
}

uint32_t
NsxRank(const ScenarioBuilder& b)
{
    const Partition* p = b.GetPartition();
    return p && !b.Vteps().empty() ? p->HostRank(b.Vteps().front().first) : 0;
}

std::vector<TableBlock>
TableBlocks(const ScenarioBuilder& b)
{
    std::vector<TableBlock> blocks;
    for (const auto& [name, sw] : b.Switches())
    {
        std::ostringstream f;
        f << name << "# show mac address-table\n";
        sw->ShowMacAddressTable(f);
        f << "\n";
        blocks.push_back({sw->GetNode()->GetSystemId(), f.str()});
    }
    for (const auto& [name, router] : b.Routers())
    {
        std::ostringstream f;
        f << name << "# show ip interface brief\n";
        router->ShowIpInterfaceBrief(f);
        f << "\n" << name << "# show ip route\n";
        router->ShowIpRoute(f);
        f << "\n";
        blocks.push_back({router->GetNode()->GetSystemId(), f.str()});
    }
    {
        // Scenario events run on every rank: rank 0's list.
        std::ostringstream f;
        bool anyEvent = false;
        for (const auto& e : b.Events())
        {
            if (e->fired)
            {
                if (!anyEvent)
                {
                    f << "scenario events (fired)\n";
                    f << "  index  time (s)      type            what\n";
                    anyEvent = true;
                }
                char line[64];
                std::snprintf(line,
                              sizeof(line),
                              "  %-5zu  %-12.6f  %-14s  ",
                              e->index,
                              e->time,
                              e->type.c_str());
                f << line << e->what << "\n";
            }
        }
        if (anyEvent)
        {
            f << "\n";
        }
        blocks.push_back({0, f.str()});
    }
    for (const auto& [ref, host] : b.Hosts())
    {
        std::ostringstream f;
        f << "[root@" << ref << ":~] esxcli network nic list\n";
        PrintNicList(f, host);
        for (const auto& vs : host->GetVSwitches())
        {
            for (const auto& u : vs->GetUplinks())
            {
                f << "\n[root@" << ref << ":~] esxcli network nic stats get -n " << u.name << "\n";
                PrintNicStats(f, u, host->GetNic(u.name)->GetCounters().drops);
            }
        }
        f << "\n[root@" << ref << ":~] net-stats -l\n";
        host->PrintNetStats(f);
        f << "\n[root@" << ref << ":~] esxtop (network view)\n";
        host->PrintEsxtopNetwork(f);
        f << "\n[root@" << ref << ":~] esxcli network vm port list\n";
        host->PrintVmPortList(f);
        f << "\n";
        blocks.push_back({host->GetNode()->GetSystemId(), f.str()});
    }
    {
        std::ostringstream f;
        WriteNsxTables(f, b);
        blocks.push_back({NsxRank(b), f.str()});
    }
    return blocks;
}

void
WriteTables(std::ostream& f, const ScenarioBuilder& b)
{
    for (const auto& block : TableBlocks(b))
    {
        f << block.text;
    }
}

bool
WriteResults(const std::string& dir,
             const Scenario& s,
             const ScenarioBuilder& b,
             const RunFacts& facts,
             std::string& failedFile,
             std::string& reason)
{
    return WriteResultFiles(
        dir,
        [&](std::ostream& os) { WriteSummary(os, s, b, facts); },
        [&](std::ostream& os) { WriteTables(os, b); },
        failedFile,
        reason);
}

bool
WriteResultFiles(const std::string& dir,
                 const std::function<void(std::ostream&)>& writeSummary,
                 const std::function<void(std::ostream&)>& writeTables,
                 std::string& failedFile,
                 std::string& reason)
{
    ns3::OutputFile summary;
    ns3::OutputFile tables;
    auto fail = [&](const ns3::OutputFile& file) {
        failedFile = file.GetPath();
        reason = file.GetError();
        summary.Discard();
        tables.Discard();
        return false;
    };
    if (!summary.Open(dir + "/summary.json", ns3::OutputFile::Mode::Replace))
    {
        return fail(summary);
    }
    {
        ns3::OutputFileStreamBuf buf(summary);
        std::ostream os(&buf);
        writeSummary(os);
    }
    if (!summary.Close())
    {
        return fail(summary);
    }
    if (!tables.Open(dir + "/tables.txt", ns3::OutputFile::Mode::Replace))
    {
        return fail(tables);
    }
    {
        ns3::OutputFileStreamBuf buf(tables);
        std::ostream os(&buf);
        writeTables(os);
    }
    if (!tables.Close())
    {
        return fail(tables);
    }
    if (!summary.Commit())
    {
        return fail(summary);
    }
    if (!tables.Commit())
    {
        std::remove((dir + "/summary.json").c_str()); // both or neither
        return fail(tables);
    }
    return true;
}

} // namespace vsim
