/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim --mpi: which MPI rank simulates each switch, router and host (partition.h).
 */
#include "partition.h"

#include "ns3/log.h"

#include <algorithm>
#include <set>
#include <sstream>

NS_LOG_COMPONENT_DEFINE("VswitchSimPartition");

namespace vsim
{

namespace
{

/// The top-level host of a reference ("esxi01/nested1" -> "esxi01").
std::string
TopHost(const std::string& ref)
{
    return ref.substr(0, ref.find('/'));
}

} // namespace

Partition::Partition(const Scenario& s, uint32_t ranks, std::vector<std::string>& errors)
    : m_ranks(std::max<uint32_t>(ranks, 1))
{
    auto error = [&](const std::string& path, const std::string& what) {
        errors.push_back(s.file + ": " + path + ": " + what);
    };
    auto checkRank = [&](const std::string& path, uint32_t rank) {
        if (rank >= m_ranks)
        {
            error(path + ".rank",
                  std::to_string(rank) + " is not a rank of this run, which has " +
                      std::to_string(m_ranks) + " (0 to " + std::to_string(m_ranks - 1) +
                      "; run with mpirun -np " + std::to_string(rank + 1) +
                      " or more, or give another rank)");
            return false;
        }
        return true;
    };

    for (const auto& sw : s.switches)
    {
        m_switches[sw.name] = 0;
    }
    // The switch each host's first cabled NIC reaches.
    std::map<std::string, std::string> uplinkSwitch;
    for (const auto& h : s.hosts)
    {
        m_hostOrder.push_back(h.ref);
        for (const auto& nic : h.nics)
        {
            for (const auto& l : s.links)
            {
                for (const auto* pair : {&l.a, &l.b})
                {
                    const Endpoint& me = *pair;
                    const Endpoint& other = pair == &l.a ? l.b : l.a;
                    if (me.node == h.ref && me.interface == nic && IsSwitch(other.node) &&
                        !uplinkSwitch.count(h.ref))
                    {
                        uplinkSwitch[h.ref] = other.node;
                    }
                }
            }
        }
    }

    // Switches: named ranks first; leaves in blocks of about equal host counts; the rest
    // round-robin.
    std::map<std::string, std::size_t> hostsOn;
    for (const auto& [host, sw] : uplinkSwitch)
    {
        ++hostsOn[sw];
    }
    std::size_t leafHosts = 0;
    for (const auto& sw : s.switches)
    {
        m_switchOrder.push_back(sw.name);
        if (!sw.rank && hostsOn.count(sw.name))
        {
            leafHosts += hostsOn[sw.name];
        }
    }
    std::size_t before = 0;
    uint32_t nextOther = 0;
    for (const auto& sw : s.switches)
    {
        uint32_t rank = 0;
        if (sw.rank)
        {
            rank = checkRank(sw.path, *sw.rank) ? *sw.rank : 0;
        }
        else if (hostsOn.count(sw.name))
        {
            // The block its middle host (the lower of two) falls in.
            std::size_t n = hostsOn[sw.name];
            rank = static_cast<uint32_t>(std::min<std::size_t>(
                m_ranks - 1,
                (2 * before + n - 1) * m_ranks / (2 * leafHosts)));
            before += n;
        }
        else
        {
            rank = nextOther++ % m_ranks;
        }
        m_switches[sw.name] = rank;
    }
    // A router runs on one rank: the switches it joins without a "rank" of their own go
    // with its first.
    std::set<std::string> named;
    for (const auto& sw : s.switches)
    {
        if (sw.rank)
        {
            named.insert(sw.name);
        }
    }
    for (const auto& r : s.routers)
    {
        for (const auto& i : r.interfaces)
        {
            if (!named.count(i.sw) && m_switches.count(i.sw) && !r.interfaces.empty())
            {
                m_switches[i.sw] = SwitchRank(r.interfaces.front().sw);
            }
        }
    }

    for (const auto& h : s.hosts)
    {
        uint32_t rank = 0;
        if (h.rank)
        {
            rank = checkRank(h.path, *h.rank) ? *h.rank : 0;
        }
        else if (uplinkSwitch.count(h.ref))
        {
            rank = m_switches[uplinkSwitch[h.ref]];
        }
        m_hosts[h.ref] = rank;
    }

    for (const auto& r : s.routers)
    {
        std::optional<uint32_t> rank;
        std::string first;
        for (const auto& i : r.interfaces)
        {
            uint32_t here = SwitchRank(i.sw);
            if (!rank)
            {
                rank = here;
                first = i.sw;
            }
            else if (here != *rank)
            {
                error(i.path, "router " + r.name + " joins " + first + " (rank " +
                                  std::to_string(*rank) + ") and " + i.sw + " (rank " +
                                  std::to_string(here) +
                                  "): a router runs on one rank, so give its switches the same "
                                  "\"rank\"");
            }
        }
        m_routers[r.name] = rank.value_or(0);
    }

    for (const auto& l : s.links)
    {
        uint32_t a = EndRank(l.a);
        uint32_t b = EndRank(l.b);
        if (a == b)
        {
            continue;
        }
        ++m_crossing;
        std::string between = l.a.text + " (rank " + std::to_string(a) + ") and " + l.b.text +
                              " (rank " + std::to_string(b) + ")";
        if (l.mtu && *l.mtu > kMaxMtuBetweenRanks)
        {
            error(l.path + ".mtu",
                  "MTU " + std::to_string(*l.mtu) + " on the cable between " + between +
                      ": a frame crosses ranks in one MPI message of at most 1976 bytes, so a "
                      "cable between ranks takes an MTU of at most " +
                      std::to_string(kMaxMtuBetweenRanks) +
                      " (VXLAN's 1600 fits; no jumbo frames), or put both ends on one rank");
        }
        if (l.delay && l.delay->IsZero())
        {
            error(l.path + ".delay",
                  "0s on the cable between " + between +
                      ": a cable's delay is how far ahead the ranks may run, so a cable between "
                      "ranks needs one above 0 (e.g. \"500ns\", the default)");
        }
    }

    for (const auto& e : s.events)
    {
        if (e.type == "vmotion" && !e.from.empty() && HostRank(e.from) != HostRank(e.to))
        {
            error(e.path, "vMotion of " + e.vm + " from " + e.from + " (rank " +
                              std::to_string(HostRank(e.from)) + ") to " + e.to + " (rank " +
                              std::to_string(HostRank(e.to)) +
                              "): a VM cannot move between ranks; give both hosts the same "
                              "\"rank\"");
        }
    }

    if (s.nsx.present)
    {
        std::set<uint32_t> nsxRanks;
        for (const auto& v : s.nsx.vteps)
        {
            nsxRanks.insert(HostRank(v.host));
        }
        if (nsxRanks.size() > 1)
        {
            error(s.nsx.path, "the VTEP hosts are on " + std::to_string(nsxRanks.size()) +
                                  " ranks: the NSX controllers reach every VTEP directly, not "
                                  "by frames, so all NSX hosts must be on one rank (give them "
                                  "the same \"rank\")");
        }
    }

    std::set<uint32_t> consoleRanks;
    for (const auto& c : s.captures)
    {
        if (c.sw.empty() && c.output.empty())
        {
            consoleRanks.insert(HostRank(c.host));
        }
    }
    if (consoleRanks.size() > 1)
    {
        error("captures", "console captures (no \"output\") of hosts on " +
                              std::to_string(consoleRanks.size()) +
                              " ranks: captures.txt is written by one rank; give these "
                              "captures an \"output\" file, or put their hosts on one rank");
    }
    if (!s.emulate.empty())
    {
        error("emulate", "taps are not supported with --mpi (a tap needs the real-time "
                         "scheduler of one process)");
    }
    else if (s.realtime.present)
    {
        error(s.realtime.path,
              "the real-time scheduler is not supported with --mpi (run without --mpi)");
    }
}

bool
Partition::IsSwitch(const std::string& name) const
{
    return m_switches.count(name) != 0;
}

uint32_t
Partition::SwitchRank(const std::string& name) const
{
    auto it = m_switches.find(name);
    return it == m_switches.end() ? 0 : it->second;
}

uint32_t
Partition::HostRank(const std::string& ref) const
{
    auto it = m_hosts.find(TopHost(ref));
    return it == m_hosts.end() ? 0 : it->second;
}

uint32_t
Partition::RouterRank(const std::string& name) const
{
    auto it = m_routers.find(name);
    return it == m_routers.end() ? 0 : it->second;
}

uint32_t
Partition::EndRank(const Endpoint& e) const
{
    return IsSwitch(e.node) ? SwitchRank(e.node) : HostRank(e.node);
}

std::vector<std::string>
Partition::Describe() const
{
    std::vector<std::string> lines;
    for (uint32_t r = 0; r < m_ranks; ++r)
    {
        std::size_t switches = 0;
        std::size_t hosts = 0;
        std::ostringstream names;
        for (const auto& sw : m_switchOrder)
        {
            if (SwitchRank(sw) == r)
            {
                names << (switches++ == 0 ? "" : ", ") << sw;
            }
        }
        for (const auto& h : m_hostOrder)
        {
            hosts += HostRank(h) == r ? 1 : 0;
        }
        std::ostringstream os;
        os << "rank " << r << ": " << switches << (switches == 1 ? " switch" : " switches")
           << (switches ? " (" + names.str() + ")" : std::string()) << ", " << hosts
           << (hosts == 1 ? " host" : " hosts");
        lines.push_back(os.str());
    }
    return lines;
}

} // namespace vsim
