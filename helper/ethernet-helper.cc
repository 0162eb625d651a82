/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ethernet-helper.h"

#include "ns3/config-error.h"
#include "ns3/config.h"
#include "ns3/log.h"
#include "ns3/names.h"
#include "ns3/net-device-queue-interface.h"
#include "ns3/packet.h"
#include "ns3/queue-size.h"
#include "ns3/queue.h"
#include "ns3/simulator.h"
#include "ns3/vswitch-checksums.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EthernetHelper");

namespace
{
/// Ascii 'd' line for a drop with its reason, without context.
void
AsciiDropSink(Ptr<OutputStreamWrapper> stream, Ptr<const Packet> frame, DropReason reason)
{
    *stream->GetStream() << "d " << Simulator::Now().GetSeconds() << " reason=" << reason << " "
                         << *frame << std::endl;
}

/// Ascii 'd' line for a drop with its reason, with the trace context.
void
AsciiDropSinkWithContext(Ptr<OutputStreamWrapper> stream,
                         std::string context,
                         Ptr<const Packet> frame,
                         DropReason reason)
{
    *stream->GetStream() << "d " << Simulator::Now().GetSeconds() << " " << context
                         << " reason=" << reason << " " << *frame << std::endl;
}
} // namespace

EthernetHelper::EthernetHelper()
{
    EnableChecksumsByDefault();
    m_queueFactory.SetTypeId("ns3::DropTailQueue<Packet>");
    m_deviceFactory.SetTypeId("ns3::EthernetNetDevice");
    m_channelFactory.SetTypeId("ns3::EthernetChannel");
}

void
EthernetHelper::SetQueue(std::string type,
                         std::string n1,
                         const AttributeValue& v1,
                         std::string n2,
                         const AttributeValue& v2)
{
    m_queueFactory.SetTypeId(type);
    for (const auto& [name, value] : {std::make_pair(n1, &v1), std::make_pair(n2, &v2)})
    {
        if (name.empty())
        {
            continue;
        }
        if (name == "MaxSize")
        {
            // ns-3 silently ignores a zero MaxSize and keeps whatever it had; refuse it here.
            QueueSize size(value->SerializeToString(MakeQueueSizeChecker()));
            if (size.GetValue() == 0)
            {
                VSWITCH_CONFIG_ERROR("EthernetHelper::SetQueue: " << type << " MaxSize is " << size
                                                                  << "; a transmit queue must "
                                                                     "hold at least one frame "
                                                                     "(e.g. \"100p\")");
            }
        }
        m_queueFactory.Set(name, *value);
    }
}

void
EthernetHelper::SetDeviceAttribute(std::string name, const AttributeValue& value)
{
    m_deviceFactory.Set(name, value);
}

void
EthernetHelper::SetChannelAttribute(std::string name, const AttributeValue& value)
{
    m_channelFactory.Set(name, value);
}

Ptr<EthernetNetDevice>
EthernetHelper::CreateDevice(Ptr<Node> node) const
{
    NS_ABORT_MSG_UNLESS(node, "EthernetHelper: null node");
    Ptr<EthernetNetDevice> device = m_deviceFactory.Create<EthernetNetDevice>();
    device->SetAddress(Mac48Address::Allocate());
    node->AddDevice(device);
    Ptr<Queue<Packet>> queue = m_queueFactory.Create<Queue<Packet>>();
    device->SetQueue(queue);
    Ptr<NetDeviceQueueInterface> ndqi = CreateObject<NetDeviceQueueInterface>();
    ndqi->GetTxQueue(0)->ConnectQueueTraces(queue);
    device->AggregateObject(ndqi);
    return device;
}

NetDeviceContainer
EthernetHelper::Install(NodeContainer c)
{
    if (c.GetN() != 2)
    {
        VSWITCH_CONFIG_ERROR("EthernetHelper::Install: a cable joins exactly 2 nodes, got "
                             << c.GetN());
    }
    return Install(c.Get(0), c.Get(1));
}

NetDeviceContainer
EthernetHelper::Install(Ptr<Node> a, Ptr<Node> b)
{
    return Install(CreateDevice(a), CreateDevice(b));
}

NetDeviceContainer
EthernetHelper::Install(std::string aName, std::string bName)
{
    Ptr<Node> a = Names::Find<Node>(aName);
    Ptr<Node> b = Names::Find<Node>(bName);
    if (!a || !b)
    {
        VSWITCH_CONFIG_ERROR("EthernetHelper::Install: no node named '" << (a ? bName : aName)
                                                                        << "' (see ns3::Names)");
    }
    return Install(a, b);
}

NetDeviceContainer
EthernetHelper::Install(Ptr<Node> a, Ptr<EthernetNetDevice> b)
{
    return Install(CreateDevice(a), b);
}

NetDeviceContainer
EthernetHelper::Install(Ptr<EthernetNetDevice> a, Ptr<EthernetNetDevice> b)
{
    NS_ABORT_MSG_UNLESS(a && b, "EthernetHelper::Install: null device");
    for (const auto& d : {a, b})
    {
        if (d->GetChannel())
        {
            VSWITCH_CONFIG_ERROR("EthernetHelper::Install: device "
                                 << d->GetAddress() << " on node " << d->GetNode()->GetId()
                                 << " is already cabled; a port takes one cable");
        }
    }
    Ptr<EthernetChannel> channel = CreateChannel(a, b);
    a->Attach(channel);
    b->Attach(channel);
    NetDeviceContainer container;
    container.Add(a);
    container.Add(b);
    return container;
}

Ptr<EthernetChannel>
EthernetHelper::CreateChannel(Ptr<EthernetNetDevice> /* a */, Ptr<EthernetNetDevice> /* b */)
{
    return m_channelFactory.Create<EthernetChannel>();
}

const ObjectFactory&
EthernetHelper::GetChannelFactory() const
{
    return m_channelFactory;
}

Ptr<EthernetChannel>
EthernetHelper::GetChannel(Ptr<NetDevice> device)
{
    return device ? DynamicCast<EthernetChannel>(device->GetChannel()) : nullptr;
}

void
EthernetHelper::EnablePcapInternal(std::string prefix,
                                   Ptr<NetDevice> nd,
                                   bool promiscuous,
                                   bool explicitFilename)
{
    Ptr<EthernetNetDevice> device = nd->GetObject<EthernetNetDevice>();
    if (!device)
    {
        NS_LOG_INFO("EthernetHelper::EnablePcapInternal: device "
                    << nd << " is not an EthernetNetDevice");
        return;
    }
    PcapHelper pcapHelper;
    std::string filename =
        explicitFilename ? prefix : pcapHelper.GetFilenameFromDevice(prefix, device);
    Ptr<PcapFileWrapper> file =
        pcapHelper.CreateFile(filename, std::ios::out, PcapHelper::DLT_EN10MB);
    pcapHelper.HookDefaultSink<EthernetNetDevice>(device,
                                                  promiscuous ? "PromiscSniffer" : "Sniffer",
                                                  file);
}

void
EthernetHelper::EnableAsciiInternal(Ptr<OutputStreamWrapper> stream,
                                    std::string prefix,
                                    Ptr<NetDevice> nd,
                                    bool explicitFilename)
{
    Ptr<EthernetNetDevice> device = nd->GetObject<EthernetNetDevice>();
    if (!device)
    {
        NS_LOG_INFO("EthernetHelper::EnableAsciiInternal: device "
                    << nd << " is not an EthernetNetDevice");
        return;
    }
    Packet::EnablePrinting();
    if (!stream)
    {
        AsciiTraceHelper asciiTraceHelper;
        std::string filename =
            explicitFilename ? prefix : asciiTraceHelper.GetFilenameFromDevice(prefix, device);
        Ptr<OutputStreamWrapper> theStream = asciiTraceHelper.CreateFileStream(filename);
        asciiTraceHelper.HookDefaultEnqueueSinkWithoutContext<EthernetNetDevice>(device,
                                                                                 "MacTx",
                                                                                 theStream);
        asciiTraceHelper.HookDefaultDequeueSinkWithoutContext<EthernetNetDevice>(device,
                                                                                 "PhyTxBegin",
                                                                                 theStream);
        asciiTraceHelper.HookDefaultReceiveSinkWithoutContext<EthernetNetDevice>(device,
                                                                                 "MacRx",
                                                                                 theStream);
        device->TraceConnectWithoutContext("Drop", MakeBoundCallback(&AsciiDropSink, theStream));
        return;
    }
    std::ostringstream base;
    base << "/NodeList/" << nd->GetNode()->GetId() << "/DeviceList/" << nd->GetIfIndex()
         << "/$ns3::EthernetNetDevice/";
    Config::Connect(base.str() + "MacTx",
                    MakeBoundCallback(&AsciiTraceHelper::DefaultEnqueueSinkWithContext, stream));
    Config::Connect(base.str() + "PhyTxBegin",
                    MakeBoundCallback(&AsciiTraceHelper::DefaultDequeueSinkWithContext, stream));
    Config::Connect(base.str() + "MacRx",
                    MakeBoundCallback(&AsciiTraceHelper::DefaultReceiveSinkWithContext, stream));
    Config::Connect(base.str() + "Drop", MakeBoundCallback(&AsciiDropSinkWithContext, stream));
}

} // namespace ns3
