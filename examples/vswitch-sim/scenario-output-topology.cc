/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: topology.dot and topology.svg.
 */
#include "scenario-output-topology.h"

#include "ns3/log.h"
#include "ns3/output-file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

NS_LOG_COMPONENT_DEFINE("VswitchSimTopology");

namespace vsim
{

namespace
{

/// A DOT string: quoted, quotes escaped. Backslashes are the labels' own escapes (`\n` a line
/// break, `\>` in a record); Field() escapes those a name may contain.
std::string
Q(const std::string& text)
{
    std::string out = "\"";
    for (char c : text)
    {
        if (c == '"')
        {
            out += '\\';
        }
        out += c;
    }
    return out + "\"";
}

/// Text inside a record field: the record syntax's own characters escaped.
std::string
Field(const std::string& text)
{
    std::string out;
    for (char c : text)
    {
        if (c == '{' || c == '}' || c == '|' || c == '<' || c == '>' || c == '\\')
        {
            out += '\\';
        }
        out += c;
    }
    return out;
}

std::string
VlanText(uint16_t vlan)
{
    return vlan == 4095 ? "VLAN 4095 (VGT)" : "VLAN " + std::to_string(vlan);
}

/// Writes the graph; one instance per picture.
class TopologyWriter
{
  public:
    TopologyWriter(std::ostream& os, const Scenario& s)
        : m_os(os),
          m_s(s)
    {
        std::size_t vms = 0;
        for (const HostConfig& h : s.hosts)
        {
            vms += h.vms.size();
        }
        m_groupVms = vms > kMaxVmsDrawnOneByOne;
    }

    void Write()
    {
        m_os << "graph topology {\n"
             << "  graph [fontname=\"Helvetica\", fontsize=12, labelloc=t, nodesep=0.3, "
                "ranksep=0.6, label="
             << Q(m_s.name + " (vswitch-sim)") << "];\n"
             << "  node [fontname=\"Helvetica\", fontsize=10];\n"
             << "  edge [fontname=\"Helvetica\", fontsize=8, color=\"#555555\"];\n";
        for (const SwitchConfig& sw : m_s.switches)
        {
            Switch(sw);
        }
        for (const RouterConfig& r : m_s.routers)
        {
            Router(r);
        }
        for (const DistributedSwitchConfig& d : m_s.distributedSwitches)
        {
            m_os << "  " << Q("dvs:" + d.name)
                 << " [shape=box3d, style=filled, fillcolor=\"#e6dcf2\", label="
                 << Q(d.name + "\\ndistributed switch " + d.version +
                      (d.mtu ? ", MTU " + std::to_string(*d.mtu) : std::string()))
                 << "];\n";
        }
        Nsx();
        for (const HostConfig& h : m_s.hosts)
        {
            Host(h, "  ");
        }
        for (const LinkConfig& l : m_s.links)
        {
            Link(l);
        }
        m_os << m_late.str() << "}\n";
    }

  public:
    /// Above this many VMs, a host's plain VMs are drawn as one node per port group.
    static constexpr std::size_t kMaxVmsDrawnOneByOne = 400;

  private:
    static std::string HostId(const HostConfig& h)
    {
        return "host:" + h.ref;
    }

    static std::string NicId(const std::string& hostRef, const std::string& nic)
    {
        return "nic:" + hostRef + "/" + nic;
    }

    void Switch(const SwitchConfig& sw)
    {
        // A front panel: the ports on top, where the cables come in from the hosts above,
        // the switch's name, LAGs and SPAN sessions below.
        std::string label = "{{";
        for (std::size_t i = 0; i < sw.ports.size(); ++i)
        {
            label += (i ? "|" : "") + std::string("<p") + std::to_string(i) + "> " +
                     Field(sw.ports[i].name) + "\\n" + Field(ModeText(sw.ports[i]));
        }
        label += "}|" + Field(sw.name) + " (physical switch)";
        for (const LagConfig& lag : sw.lags)
        {
            label += "\\n" + Field(lag.name) + ":";
            for (const std::string& m : lag.members)
            {
                label += " " + Field(m);
            }
        }
        for (const MirrorConfig& m : sw.mirrors)
        {
            label += "\\nSPAN";
            for (const std::string& src : m.sources)
            {
                label += " " + Field(src);
            }
            label += " (" + m.direction + ") -\\> " + Field(m.destination);
        }
        label += "}";
        if (sw.ports.empty())
        {
            label = "{" + Field(sw.name) + " (physical switch)}";
        }
        m_os << "  " << Q("sw:" + sw.name)
             << " [shape=record, style=\"rounded,filled\", fillcolor=\"#dbe7f5\", label="
             << Q(label) << "];\n";
        for (const SwitchHostConfig& b : sw.hosts)
        {
            std::string id = "bm:" + sw.name + "/" + b.name;
            m_os << "  " << Q(id) << " [shape=box, label="
                 << Q(b.name + (b.ip ? "\\n" + b.ip->ToString() : std::string())) << "];\n";
            m_late << "  " << Q(id) << " -- " << PortEnd(sw.name, b.port) << ";\n";
        }
    }

    /// "access 100", "trunk 50,100", "trunk all".
    static std::string ModeText(const SwitchPortConfig& p)
    {
        if (!p.trunk)
        {
            return "access " + std::to_string(p.vlan);
        }
        std::string vlans;
        for (uint16_t v : p.vlans)
        {
            vlans += (vlans.empty() ? "" : ",") + std::to_string(v);
        }
        return "trunk " + (vlans.empty() ? std::string("all") : vlans);
    }

    /// A switch port's place on the switch's front panel (the switch itself when the port
    /// is not configured).
    std::string PortEnd(const std::string& swName, const std::string& port) const
    {
        for (const SwitchConfig& sw : m_s.switches)
        {
            if (sw.name != swName)
            {
                continue;
            }
            for (std::size_t i = 0; i < sw.ports.size(); ++i)
            {
                if (sw.ports[i].name == port)
                {
                    return Q("sw:" + swName) + ":" + Q("p" + std::to_string(i)) + ":n";
                }
            }
        }
        return Q("sw:" + swName);
    }

    void Router(const RouterConfig& r)
    {
        m_os << "  " << Q("rt:" + r.name)
             << " [shape=doubleoctagon, style=filled, fillcolor=\"#f5e6c8\", label="
             << Q(r.name + "\\nrouter") << "];\n";
        for (const RouterInterfaceConfig& i : r.interfaces)
        {
            std::string ip = i.hasIp ? i.ip.ToString() : std::string();
            if (i.vlan)
            {
                ip += " VLAN " + std::to_string(i.vlan);
            }
            m_late << "  " << Q("rt:" + r.name) << " -- " << PortEnd(i.sw, i.port)
                   << " [label=" << Q(ip) << "];\n";
        }
    }

    void Nsx()
    {
        if (!m_s.nsx.present)
        {
            return;
        }
        m_os << "  subgraph \"cluster_nsx\" {\n    label=\"NSX controllers\"; style=dashed;\n";
        for (const NsxControllerConfig& c : m_s.nsx.controllers)
        {
            m_os << "    " << Q("ctl:" + c.name)
                 << " [shape=cylinder, label=" << Q(c.name + "\\n" + ToText(c.ip)) << "];\n";
        }
        m_os << "  }\n";
        for (const LogicalSwitchConfig& ls : m_s.nsx.logicalSwitches)
        {
            m_os << "  " << Q("ls:" + std::to_string(ls.vni))
                 << " [shape=hexagon, style=filled, fillcolor=\"#d7f0dc\", label="
                 << Q(ls.name + "\\nVNI " + std::to_string(ls.vni) + ", " + ls.replication +
                      (ls.arpSuppression ? ", ARP suppression" : ""))
                 << "];\n";
        }
    }

    static std::string ToText(const ns3::Ipv4Address& a)
    {
        std::ostringstream os;
        os << a;
        return os.str();
    }

    const VtepConfig* VtepOf(const std::string& hostRef) const
    {
        for (const VtepConfig& v : m_s.nsx.vteps)
        {
            if (v.host == hostRef)
            {
                return &v;
            }
        }
        return nullptr;
    }

    /// The switch node and record field a port group of this host is: "" when none is.
    std::string PortGroupEnd(const HostConfig& h, const std::string& pg) const
    {
        for (const VSwitchConfig& vs : h.vswitches)
        {
            for (std::size_t i = 0; i < vs.portGroups.size(); ++i)
            {
                if (vs.portGroups[i].name == pg)
                {
                    return Q("vs:" + h.ref + "/" + vs.name) + ":" + Q("pg" + std::to_string(i));
                }
            }
        }
        const VtepConfig* vtep = VtepOf(h.ref);
        for (const DistributedSwitchConfig& d : m_s.distributedSwitches)
        {
            if (!IsMember(d, h.ref))
            {
                continue;
            }
            for (std::size_t i = 0; i < d.portGroups.size(); ++i)
            {
                if (d.portGroups[i].name == pg)
                {
                    return Q("vs:" + h.ref + "/" + d.name) + ":" + Q("pg" + std::to_string(i));
                }
            }
            if (vtep && vtep->vswitch == d.name)
            {
                for (std::size_t i = 0; i < m_s.nsx.logicalSwitches.size(); ++i)
                {
                    if (m_s.nsx.logicalSwitches[i].name == pg)
                    {
                        return Q("vs:" + h.ref + "/" + d.name) + ":" + Q("ls" + std::to_string(i));
                    }
                }
            }
        }
        return "";
    }

    static bool IsMember(const DistributedSwitchConfig& d, const std::string& hostRef)
    {
        for (const DvsHostConfig& m : d.hosts)
        {
            if (m.host == hostRef)
            {
                return true;
            }
        }
        return false;
    }

    /// A port group field: "<pgN> name\nVLAN n".
    static std::string PortGroupFields(const std::vector<PortGroupConfig>& pgs)
    {
        std::string out;
        for (std::size_t i = 0; i < pgs.size(); ++i)
        {
            out += (i ? "|" : "") + std::string("<pg") + std::to_string(i) + "> " +
                   Field(pgs[i].name) + "\\n" + VlanText(pgs[i].vlan);
        }
        return out;
    }

    void Host(const HostConfig& h, const std::string& in)
    {
        m_os << in << "subgraph " << Q("cluster_" + h.ref) << " {\n"
             << in << "  label=" << Q(h.name + (h.nested ? " (nested ESXi)" : " (ESXi)"))
             << "; style=\"rounded,filled\"; fillcolor="
             << (h.nested ? "\"#ffffff\"" : "\"#f2f2f2\"") << "; color=\"#888888\";\n";
        for (const std::string& nic : h.nics)
        {
            m_os << in << "  " << Q(NicId(h.ref, nic))
                 << " [shape=box, height=0.25, fontsize=9, style=filled, fillcolor=white, label="
                 << Q(nic) << "];\n";
        }
        for (const VSwitchConfig& vs : h.vswitches)
        {
            std::string id = "vs:" + h.ref + "/" + vs.name;
            // Port groups on top (the VMs are above), the switch below them (its uplinks
            // are below).
            std::string label = "{";
            if (!vs.portGroups.empty())
            {
                label += "{" + PortGroupFields(vs.portGroups) + "}|";
            }
            label += Field(vs.name) + (vs.distributed ? " (distributed)" : " (standard)") + "}";
            m_os << in << "  " << Q(id)
                 << " [shape=record, style=filled, fillcolor=\"#fff6d5\", label=" << Q(label)
                 << "];\n";
            for (const std::string& up : vs.uplinks)
            {
                m_os << in << "  " << Q(id) << " -- " << Q(NicId(h.ref, up)) << ";\n";
            }
        }
        const VtepConfig* vtep = VtepOf(h.ref);
        for (const DistributedSwitchConfig& d : m_s.distributedSwitches)
        {
            DvsProxy(h, d, vtep, in);
        }
        for (const VmknicConfig& k : h.vmknics)
        {
            std::string id = "vmk:" + h.ref + "/" + k.name;
            m_os << in << "  " << Q(id) << " [shape=ellipse, fontsize=9, label="
                 << Q(k.name + (k.ip ? "\\n" + k.ip->ToString() : std::string())) << "];\n";
            std::string end = PortGroupEnd(h, k.portGroup);
            if (!end.empty())
            {
                m_os << in << "  " << Q(id) << " -- " << end << ";\n";
            }
        }
        // A large data centre: a host's plain VMs (one vNIC, not promiscuous, no nested
        // host) are one node per port group, which Graphviz draws in seconds.
        std::map<std::string, std::vector<const VmConfig*>> grouped;
        for (const VmConfig& vm : h.vms)
        {
            if (m_groupVms && !vm.nested && vm.nics.size() == 1 && !vm.nics[0].promiscuous)
            {
                grouped[vm.nics[0].portGroup].push_back(&vm);
                continue;
            }
            Vm(h, vm, in);
        }
        for (const auto& [portGroup, vms] : grouped)
        {
            std::string id = "vms:" + h.ref + "/" + portGroup;
            std::string label = vms.size() == 1
                                    ? vms.front()->name
                                    : std::to_string(vms.size()) + " VMs\n" + vms.front()->name +
                                          " ... " + vms.back()->name;
            m_os << in << "  " << Q(id)
                 << " [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", peripheries="
                 << (vms.size() == 1 ? 1 : 2) << ", label=" << Q(label) << "];\n";
            std::string end = PortGroupEnd(h, portGroup);
            if (!end.empty())
            {
                m_os << in << "  " << Q(id) << " -- " << end << ";\n";
            }
        }
        m_os << in << "}\n";
    }

    void DvsProxy(const HostConfig& h,
                  const DistributedSwitchConfig& d,
                  const VtepConfig* vtep,
                  const std::string& in)
    {
        const DvsHostConfig* member = nullptr;
        for (const DvsHostConfig& m : d.hosts)
        {
            if (m.host == h.ref)
            {
                member = &m;
            }
        }
        if (!member)
        {
            return;
        }
        bool prepared = vtep && vtep->vswitch == d.name;
        std::string id = "vs:" + h.ref + "/" + d.name;
        std::string fields = PortGroupFields(d.portGroups);
        if (prepared)
        {
            for (std::size_t i = 0; i < m_s.nsx.logicalSwitches.size(); ++i)
            {
                const LogicalSwitchConfig& ls = m_s.nsx.logicalSwitches[i];
                fields += std::string(fields.empty() ? "" : "|") + "<ls" + std::to_string(i) +
                          "> " + Field(ls.name) + "\\nVNI " + std::to_string(ls.vni);
            }
        }
        std::string label = "{";
        if (!fields.empty())
        {
            label += "{" + fields + "}|";
        }
        label += "<top> " + Field(d.name) + " (distributed)}";
        m_os << in << "  " << Q(id)
             << " [shape=record, style=filled, fillcolor=\"#efe6f8\", label=" << Q(label) << "];\n";
        for (const auto& [dvUplink, vmnic] : member->uplinks)
        {
            m_os << in << "  " << Q(id) << " -- " << Q(NicId(h.ref, vmnic))
                 << " [label=" << Q(dvUplink) << "];\n";
        }
        m_late << "  " << Q("dvs:" + d.name) << " -- " << Q(id)
               << ":top [style=dashed, color=\"#9a7fc0\", constraint=false];\n";
        if (prepared)
        {
            std::string vid = "vtep:" + h.ref;
            std::string label2 = vtep->vmk + " VTEP";
            if (vtep->ip)
            {
                label2 += "\\n" + vtep->ip->ToString();
            }
            if (vtep->vlan)
            {
                label2 += "\\nVLAN " + std::to_string(vtep->vlan);
            }
            m_os << in << "  " << Q(vid)
                 << " [shape=ellipse, style=filled, fillcolor=\"#d7f0dc\", fontsize=9, label="
                 << Q(label2) << "];\n"
                 << in << "  " << Q(vid) << " -- " << Q(id) << ":top;\n";
            for (std::size_t i = 0; i < m_s.nsx.logicalSwitches.size(); ++i)
            {
                m_late << "  " << Q("ls:" + std::to_string(m_s.nsx.logicalSwitches[i].vni))
                       << " -- " << Q(id) << ":" << Q("ls" + std::to_string(i))
                       << " [style=dashed, color=\"#4f9a5f\", constraint=false];\n";
            }
        }
    }

    void Vm(const HostConfig& h, const VmConfig& vm, const std::string& in)
    {
        if (vm.nested)
        {
            // The nested host's vmnicN is the VM's vNIC N, on the outer host's port group.
            Host(*vm.nested, in + "  ");
            for (std::size_t i = 0; i < vm.nics.size() && i < vm.nested->nics.size(); ++i)
            {
                std::string end = PortGroupEnd(h, vm.nics[i].portGroup);
                if (!end.empty())
                {
                    m_os << in << "  " << Q(NicId(vm.nested->ref, vm.nested->nics[i])) << " -- "
                         << end << " [label=\"eth" << i << "\"];\n";
                }
            }
            return;
        }
        std::string id = "vm:" + vm.ref;
        std::string label = vm.name;
        for (const VmNicConfig& n : vm.nics)
        {
            if (n.ip)
            {
                label += "\\n" + n.ip->ToString();
            }
        }
        m_os << in << "  " << Q(id)
             << " [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", label=" << Q(label)
             << "];\n";
        for (std::size_t i = 0; i < vm.nics.size(); ++i)
        {
            std::string end = PortGroupEnd(h, vm.nics[i].portGroup);
            if (end.empty())
            {
                continue;
            }
            m_os << in << "  " << Q(id) << " -- " << end;
            std::string attrs;
            if (vm.nics.size() > 1)
            {
                attrs = "label=\"eth" + std::to_string(i) + "\"";
            }
            if (vm.nics[i].promiscuous)
            {
                attrs += std::string(attrs.empty() ? "" : ", ") + "style=bold, color=\"#c0392b\"";
            }
            m_os << (attrs.empty() ? "" : " [" + attrs + "]") << ";\n";
        }
    }

    bool IsSwitch(const std::string& name) const
    {
        for (const SwitchConfig& sw : m_s.switches)
        {
            if (sw.name == name)
            {
                return true;
            }
        }
        return false;
    }

    std::string EndId(const Endpoint& e) const
    {
        if (e.isSwitch || IsSwitch(e.node))
        {
            return PortEnd(e.node, e.interface);
        }
        return Q(NicId(e.node, e.interface));
    }

    void Link(const LinkConfig& l)
    {
        std::string a = EndId(l.a);
        std::string b = EndId(l.b);
        std::string attrs;
        std::string label;
        if (l.dataRate)
        {
            label += std::to_string(l.dataRate->GetBitRate() / 1000000) + " Mb/s";
        }
        if (l.mtu)
        {
            label += std::string(label.empty() ? "" : ", ") + "MTU " + std::to_string(*l.mtu);
        }
        if (!label.empty())
        {
            attrs += std::string(attrs.empty() ? "" : ", ") + "label=" + Q(label);
        }
        m_late << "  " << a << " -- " << b << (attrs.empty() ? "" : " [" + attrs + "]") << ";\n";
    }

    std::ostream& m_os;        //!< the output
    const Scenario& m_s;       //!< the scenario
    std::ostringstream m_late; //!< edges between clusters, written after every node
    bool m_groupVms{false};    //!< draw plain VMs one node per host and port group
};

/// Run `dot -Tsvg -o out in`. \return "" when it worked, else why not
std::string
RunDot(const std::string& in, const std::string& out)
{
    int status = 0;
    int spawnError = 0;
    std::string problem = RunProgram({"dot", "-Tsvg", "-o", out, in}, status, spawnError);
    if (spawnError == ENOENT)
    {
        return "graphviz's dot is not installed (apt-get install graphviz)";
    }
    if (!problem.empty())
    {
        return problem + " (graphviz's dot)";
    }
    return status == 0 ? "" : "graphviz's dot failed on " + in;
}

} // namespace

std::string
RunProgram(const std::vector<std::string>& args, int& exitStatus, int& spawnError)
{
    std::vector<std::string> copy = args;
    std::vector<char*> argv;
    for (std::string& a : copy)
    {
        argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    exitStatus = -1;
    spawnError = 0;
    // The program's own messages go to our stderr, which is the user's.
    pid_t pid = 0;
    int rc = posix_spawnp(&pid, argv[0], nullptr, nullptr, argv.data(), environ);
    if (rc != 0)
    {
        spawnError = rc;
        return std::string("cannot run ") + args[0] + ": " + std::strerror(rc);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0)
    {
        if (errno != EINTR)
        {
            return std::string("waiting for ") + args[0] + ": " + std::strerror(errno);
        }
    }
    if (WIFEXITED(status))
    {
        exitStatus = WEXITSTATUS(status);
    }
    return "";
}

void
WriteTopologyDot(std::ostream& os, const Scenario& s)
{
    TopologyWriter(os, s).Write();
}

bool
WriteTopology(const std::string& dir, const Scenario& s, std::string& problem, std::string& warning)
{
    const std::string dot = dir + "/topology.dot";
    const std::string svg = dir + "/topology.svg";
    ns3::OutputFile file;
    if (!file.Open(dot, ns3::OutputFile::Mode::Replace))
    {
        problem = dot + ": " + file.GetError();
        return false;
    }
    {
        ns3::OutputFileStreamBuf buf(file);
        std::ostream os(&buf);
        WriteTopologyDot(os, s);
        os.flush();
    }
    if (!file.Commit())
    {
        problem = dot + ": " + file.GetError();
        return false;
    }
    // dot writes its output in place: render to a temporary and rename it, so that an svg
    // that is there is whole.
    const std::string tmp = ns3::OutputFile::TemporaryPath(svg);
    warning = RunDot(dot, tmp);
    if (warning.empty() && std::rename(tmp.c_str(), svg.c_str()) != 0)
    {
        warning = svg + ": cannot rename into place: " + std::strerror(errno);
    }
    if (!warning.empty())
    {
        std::remove(tmp.c_str());
        std::remove(svg.c_str()); // never an earlier run's picture beside this run's results
        return true;
    }
    NS_LOG_INFO("wrote " << dot << " and " << svg);
    return true;
}

} // namespace vsim
