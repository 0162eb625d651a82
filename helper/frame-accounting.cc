/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "frame-accounting.h"

#include "ns3/esxi-host.h"
#include "ns3/ipv4-router.h"
#include "ns3/l2-net-device.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/node-list.h"
#include "ns3/physical-switch.h"
#include "ns3/vnic-net-device.h"
#include "ns3/vswitch-port.h"
#include "ns3/vswitch.h"
#include "ns3/vtep.h"

#include <map>
#include <utility>

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("FrameAccounting");

namespace
{

/// (owner, name) of a device.
using DeviceName = std::pair<std::string, std::string>;

/// The names the module's objects give their devices.
std::map<const NetDevice*, DeviceName>
NameDevices()
{
    std::map<const NetDevice*, DeviceName> names;
    for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
    {
        Ptr<Node> node = NodeList::GetNode(n);
        if (Ptr<EsxiHost> host = EsxiHost::FromNode(node))
        {
            for (const std::string& nic : host->GetNicNames())
            {
                names[PeekPointer(host->GetNic(nic))] = {host->GetName(), nic};
            }
            for (const Ptr<VSwitch>& vs : host->GetVSwitches())
            {
                names[PeekPointer(vs)] = {host->GetName(), vs->GetName()};
                for (const Ptr<VSwitchPort>& p : vs->GetPorts())
                {
                    Ptr<VnicNetDevice> vnic = p->GetVnic();
                    if (!vnic)
                    {
                        continue;
                    }
                    // "vm1.eth0": the VM and its NIC; "vmk0": the host's own.
                    std::string client = p->GetClientName();
                    std::size_t dot = client.rfind('.');
                    names[PeekPointer(vnic)] =
                        dot == std::string::npos
                            ? DeviceName{host->GetName(), client}
                            : DeviceName{client.substr(0, dot), client.substr(dot + 1)};
                }
            }
        }
        if (Ptr<Ipv4Router> router = Ipv4Router::FromNode(node))
        {
            for (const auto& i : router->GetInterfaces())
            {
                names.emplace(PeekPointer(i.device), DeviceName{router->GetName(), i.name});
            }
        }
        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            Ptr<PhysicalSwitch> sw = DynamicCast<PhysicalSwitch>(node->GetDevice(d));
            if (!sw)
            {
                continue;
            }
            names[PeekPointer(sw)] = {sw->GetName(), ""};
            for (const std::string& port : sw->GetPortNames())
            {
                names[PeekPointer(sw->GetPortDevice(port))] = {sw->GetName(), port};
            }
        }
    }
    return names;
}

/// \return the owner name of a node nobody named
std::string
NodeName(Ptr<Node> node)
{
    std::string name = Names::FindName(node);
    return name.empty() ? "node" + std::to_string(node->GetId()) : name;
}

/// Append a device's two ledgers, transmit then receive.
void
PushTxRx(std::vector<FrameAccount>& out,
         FrameAccount a,
         const FrameLedger& tx,
         const FrameLedger& rx)
{
    a.direction = FrameAccount::Direction::Tx;
    a.ledger = tx;
    out.push_back(a);
    a.direction = FrameAccount::Direction::Rx;
    a.ledger = rx;
    out.push_back(std::move(a));
}

} // namespace

std::string
FrameAccount::Label() const
{
    std::string label = owner;
    if (!name.empty())
    {
        label += "/" + name;
    }
    switch (direction)
    {
    case Direction::Tx:
        return label + " tx";
    case Direction::Rx:
        return label + " rx";
    case Direction::Both:
        break;
    }
    return label;
}

std::vector<FrameAccount>
FrameAccounting::Collect()
{
    std::map<const NetDevice*, DeviceName> names = NameDevices();
    std::vector<FrameAccount> out;
    for (uint32_t n = 0; n < NodeList::GetNNodes(); ++n)
    {
        Ptr<Node> node = NodeList::GetNode(n);
        for (uint32_t d = 0; d < node->GetNDevices(); ++d)
        {
            Ptr<NetDevice> dev = node->GetDevice(d);
            FrameAccount a;
            a.node = node;
            a.device = dev;
            auto it = names.find(PeekPointer(dev));
            if (it != names.end())
            {
                a.owner = it->second.first;
                a.name = it->second.second;
            }
            else
            {
                a.owner = NodeName(node);
                std::string dn = Names::FindName(dev);
                a.name = dn.empty() ? "if" + std::to_string(dev->GetIfIndex()) : dn;
            }
            if (Ptr<L2NetDevice> nic = DynamicCast<L2NetDevice>(dev))
            {
                a.kind = FrameAccount::Kind::Nic;
                PushTxRx(out, a, nic->GetTxLedger(), nic->GetRxLedger());
            }
            else if (Ptr<PhysicalSwitch> sw = DynamicCast<PhysicalSwitch>(dev))
            {
                a.kind = FrameAccount::Kind::Switch;
                a.direction = FrameAccount::Direction::Both;
                a.ledger = sw->GetLedger();
                out.push_back(a);
            }
            else if (Ptr<VSwitch> vs = DynamicCast<VSwitch>(dev))
            {
                a.kind = FrameAccount::Kind::Switch;
                a.direction = FrameAccount::Direction::Both;
                a.ledger = vs->GetLedger();
                out.push_back(a);
            }
        }
        if (Ptr<Vtep> vtep = node->GetObject<Vtep>())
        {
            FrameAccount a;
            a.node = node;
            a.kind = FrameAccount::Kind::Vtep;
            a.owner = vtep->GetHost() ? vtep->GetHost()->GetName() : NodeName(node);
            a.name = "vtep";
            PushTxRx(out, a, vtep->GetTxLedger(), vtep->GetRxLedger());
        }
    }
    return out;
}

std::vector<FrameAccount>
FrameAccounting::Unbalanced()
{
    std::vector<FrameAccount> bad;
    for (FrameAccount& a : Collect())
    {
        if (!a.ledger.Balanced())
        {
            bad.push_back(std::move(a));
        }
    }
    return bad;
}

FrameLedger
FrameAccounting::Total(const std::vector<FrameAccount>& accounts)
{
    FrameLedger total;
    for (const FrameAccount& a : accounts)
    {
        total += a.ledger;
    }
    return total;
}

void
FrameAccounting::Print(std::ostream& os, const FrameAccount& a)
{
    const FrameLedger& l = a.ledger;
    os << a.Label() << ": in " << l.in << ", forwarded " << l.forwarded << ", delivered "
       << l.delivered << ", queued " << l.queued << ", dropped " << l.dropped.Total();
    for (std::size_t r = 0; r < kDropReasonCount; ++r)
    {
        if (l.dropped.frames[r] != 0)
        {
            os << " " << DropReasonToString(static_cast<DropReason>(r)) << "="
               << l.dropped.frames[r];
        }
    }
    if (!l.Balanced())
    {
        os << " UNBALANCED (" << l.in << " in, " << l.Accounted() << " accounted for)";
    }
}

} // namespace ns3
