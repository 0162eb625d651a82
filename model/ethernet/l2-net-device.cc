/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "l2-net-device.h"

#include "ns3/ethernet-padding.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("L2NetDevice");

NS_OBJECT_ENSURE_REGISTERED(L2NetDevice);

#undef NS_LOG_APPEND_CONTEXT
#define NS_LOG_APPEND_CONTEXT                                                                      \
    if (m_node)                                                                                    \
    {                                                                                              \
        std::clog << "[node " << m_node->GetId() << " dev " << m_ifIndex << "] ";                  \
    }

TypeId
L2NetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::L2NetDevice")
            .SetParent<NetDevice>()
            .SetGroupName("VSwitch")
            .AddAttribute(
                "Address",
                "The MAC address of this device.",
                Mac48AddressValue(Mac48Address("00:00:00:00:00:00")),
                MakeMac48AddressAccessor(&L2NetDevice::SetAddress, &L2NetDevice::GetMacAddress),
                MakeMac48AddressChecker())
            .AddAttribute("Mtu",
                          "Largest payload (L3 packet) in bytes; 1500 standard, up to 9216 "
                          "for jumbo frames.",
                          UintegerValue(1500),
                          MakeUintegerAccessor(&L2NetDevice::SetMtu, &L2NetDevice::GetMtu),
                          MakeUintegerChecker<uint16_t>(68, 9216))
            .AddAttribute("VlanId",
                          "Endpoint mode only: 802.1Q VLAN ID this NIC tags its frames with "
                          "and accepts (0 = untagged), like a guest's VLAN sub-interface. "
                          "Ignored on bridge ports.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&L2NetDevice::m_vlanId),
                          MakeUintegerChecker<uint16_t>(0, EthernetVlanHeader::kMaxVlanId))
            .AddTraceSource("MacTx",
                            "A frame was accepted for transmission (header included).",
                            MakeTraceSourceAccessor(&L2NetDevice::m_macTxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacRx",
                            "A frame for this host is handed up (header included).",
                            MakeTraceSourceAccessor(&L2NetDevice::m_macRxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacPromiscRx",
                            "A frame for another host is handed to the promiscuous callback.",
                            MakeTraceSourceAccessor(&L2NetDevice::m_macPromiscRxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Sniffer",
                            "Frames sent by this device and frames addressed to it.",
                            MakeTraceSourceAccessor(&L2NetDevice::m_snifferTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PromiscSniffer",
                            "Every frame sent or received (what a pcap shows).",
                            MakeTraceSourceAccessor(&L2NetDevice::m_promiscSnifferTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Drop",
                            "A frame was discarded, with the reason.",
                            MakeTraceSourceAccessor(&L2NetDevice::m_dropTrace),
                            "ns3::L2NetDevice::DropTracedCallback")
            .AddTraceSource("LinkState",
                            "The link went up (true) or down (false).",
                            MakeTraceSourceAccessor(&L2NetDevice::m_linkStateTrace),
                            "ns3::L2NetDevice::LinkStateTracedCallback");
    return tid;
}

L2NetDevice::L2NetDevice()
    : m_ifIndex(0),
      m_mtu(1500),
      m_vlanId(0)
{
}

L2NetDevice::~L2NetDevice()
{
}

void
L2NetDevice::DoDispose()
{
    m_node = nullptr;
    m_rxCallback = NetDevice::ReceiveCallback();
    m_promiscCallback = NetDevice::PromiscReceiveCallback();
    m_frameRxCallback = FrameReceiveCallback();
    NetDevice::DoDispose();
}

void
L2NetDevice::SetFrameReceiveCallback(FrameReceiveCallback cb)
{
    m_frameRxCallback = cb;
}

bool
L2NetDevice::IsBridgePort() const
{
    return !m_frameRxCallback.IsNull();
}

const L2NetDevice::Counters&
L2NetDevice::GetCounters() const
{
    return m_counters;
}

DropReason
L2NetDevice::GetLastDropReason() const
{
    return m_lastDrop;
}

Mac48Address
L2NetDevice::GetMacAddress() const
{
    return m_address;
}

void
L2NetDevice::Drop(Ptr<const Packet> frame, DropReason reason)
{
    NS_LOG_LOGIC("drop " << reason << " " << frame->GetSize() << " bytes");
    m_counters.drops.Add(reason);
    m_lastDrop = reason;
    m_dropTrace(frame, reason);
}

void
L2NetDevice::DropTx(Ptr<const Packet> frame, DropReason reason)
{
    m_txLedger.dropped.Add(reason);
    Drop(frame, reason);
}

void
L2NetDevice::DropRx(Ptr<const Packet> frame, DropReason reason)
{
    m_rxLedger.dropped.Add(reason);
    Drop(frame, reason);
}

uint64_t
L2NetDevice::GetQueuedFrames() const
{
    return 0;
}

FrameLedger
L2NetDevice::GetTxLedger() const
{
    FrameLedger l = m_txLedger;
    l.queued = GetQueuedFrames();
    return l;
}

FrameLedger
L2NetDevice::GetRxLedger() const
{
    return m_rxLedger;
}

void
L2NetDevice::NotifyTransmit(Ptr<const Packet> frame)
{
    ++m_txLedger.forwarded;
    ++m_counters.txFrames;
    m_counters.txBytes += frame->GetSize();
    m_snifferTrace(frame);
    m_promiscSnifferTrace(frame);
}

void
L2NetDevice::NotifyLinkChange(bool up)
{
    NS_LOG_INFO("link " << (up ? "up" : "down"));
    m_linkStateTrace(up);
    m_linkChangeCallbacks();
}

// ------------------------------------------------------------------------------------------
// Transmit

bool
L2NetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    return SendPayload(packet, m_address, Mac48Address::ConvertFrom(dest), protocolNumber);
}

bool
L2NetDevice::SendFrom(Ptr<Packet> packet,
                      const Address& source,
                      const Address& dest,
                      uint16_t protocolNumber)
{
    return SendPayload(packet,
                       Mac48Address::ConvertFrom(source),
                       Mac48Address::ConvertFrom(dest),
                       protocolNumber);
}

bool
L2NetDevice::SendPayload(Ptr<Packet> packet, Mac48Address source, Mac48Address dest, uint16_t proto)
{
    ++m_txLedger.in;
    if (packet->GetSize() > m_mtu)
    {
        DropTx(packet, DropReason::Oversize);
        return false;
    }
    EthernetVlanHeader header(source, dest, proto);
    if (m_vlanId != 0)
    {
        header.SetVlanTag(m_vlanId);
    }
    uint32_t size = packet->GetSize() + header.GetSerializedSize();
    if (size < EthernetVlanHeader::kMinFrameSize)
    {
        EthernetPadding::Add(packet, EthernetVlanHeader::kMinFrameSize - size);
    }
    packet->AddHeader(header);
    m_macTxTrace(packet);
    return TransmitFrame(packet, header);
}

bool
L2NetDevice::SendFrame(Ptr<Packet> frame, const EthernetVlanHeader& header)
{
    ++m_txLedger.in;
    uint32_t size = frame->GetSize();
    if (size - header.GetSerializedSize() > m_mtu)
    {
        DropTx(frame, DropReason::Oversize);
        return false;
    }
    if (size < EthernetVlanHeader::kMinFrameSize)
    {
        EthernetPadding::Add(frame, EthernetVlanHeader::kMinFrameSize - size);
    }
    m_macTxTrace(frame);
    return TransmitFrame(frame, header);
}

// ------------------------------------------------------------------------------------------
// Receive

void
L2NetDevice::HandleReceivedFrame(const Ptr<Packet>& frame)
{
    EthernetVlanHeader header;
    frame->PeekHeader(header);
    HandleReceivedFrame(frame, header);
}

void
L2NetDevice::HandleReceivedFrame(const Ptr<Packet>& frame, const EthernetVlanHeader& header)
{
    ++m_counters.rxFrames;
    m_counters.rxBytes += frame->GetSize();
    m_promiscSnifferTrace(frame);
    if (frame->GetSize() - header.GetSerializedSize() > m_mtu)
    {
        DropRx(frame, DropReason::Oversize);
        return;
    }
    if (!m_frameRxCallback.IsNull())
    {
        ++m_rxLedger.forwarded;
        m_frameRxCallback(this, frame, header);
        return;
    }
    DeliverUp(frame, header);
}

void
L2NetDevice::DeliverUp(Ptr<Packet> frame, const EthernetVlanHeader& header)
{
    uint16_t vid = header.HasVlanTag() ? header.GetVlanId() : 0;
    if (vid != m_vlanId)
    {
        DropRx(frame, DropReason::Vlan);
        return;
    }
    Mac48Address dst = header.GetDestination();
    PacketType type;
    if (dst.IsBroadcast())
    {
        type = NetDevice::PACKET_BROADCAST;
    }
    else if (dst.IsGroup())
    {
        type = NetDevice::PACKET_MULTICAST;
    }
    else if (dst == m_address)
    {
        type = NetDevice::PACKET_HOST;
    }
    else
    {
        type = NetDevice::PACKET_OTHERHOST;
    }
    if (type == NetDevice::PACKET_OTHERHOST && m_promiscCallback.IsNull())
    {
        DropRx(frame, DropReason::MacFilter);
        return;
    }
    if (type != NetDevice::PACKET_OTHERHOST)
    {
        m_snifferTrace(frame);
        m_macRxTrace(frame);
    }
    else
    {
        m_macPromiscRxTrace(frame);
    }
    Mac48Address src = header.GetSource();
    uint16_t proto = header.GetEtherType();
    // The header was parsed already: drop its bytes without parsing them again.
    frame->RemoveAtStart(header.GetSerializedSize());
    ++m_rxLedger.delivered;
    if (!m_promiscCallback.IsNull())
    {
        m_promiscCallback(this, frame, proto, src, dst, type);
    }
    if (type != NetDevice::PACKET_OTHERHOST && !m_rxCallback.IsNull())
    {
        m_rxCallback(this, frame, proto, src);
    }
}

// ------------------------------------------------------------------------------------------
// NetDevice boilerplate

void
L2NetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
L2NetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

void
L2NetDevice::SetAddress(Address address)
{
    m_address = Mac48Address::ConvertFrom(address);
}

Address
L2NetDevice::GetAddress() const
{
    return m_address;
}

bool
L2NetDevice::SetMtu(const uint16_t mtu)
{
    if (mtu < 68 || mtu > 9216)
    {
        NS_LOG_WARN("MTU " << mtu << " outside 68-9216");
        return false;
    }
    m_mtu = mtu;
    return true;
}

uint16_t
L2NetDevice::GetMtu() const
{
    return m_mtu;
}

void
L2NetDevice::AddLinkChangeCallback(Callback<void> callback)
{
    m_linkChangeCallbacks.ConnectWithoutContext(callback);
}

bool
L2NetDevice::IsBroadcast() const
{
    return true;
}

Address
L2NetDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
L2NetDevice::IsMulticast() const
{
    return true;
}

Address
L2NetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
L2NetDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
L2NetDevice::IsPointToPoint() const
{
    return false;
}

bool
L2NetDevice::IsBridge() const
{
    return false;
}

Ptr<Node>
L2NetDevice::GetNode() const
{
    return m_node;
}

void
L2NetDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
}

bool
L2NetDevice::NeedsArp() const
{
    return true;
}

void
L2NetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    m_rxCallback = cb;
}

void
L2NetDevice::SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb)
{
    m_promiscCallback = cb;
}

bool
L2NetDevice::SupportsSendFrom() const
{
    return true;
}

} // namespace ns3
