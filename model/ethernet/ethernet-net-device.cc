/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ethernet-net-device.h"

#include "ethernet-channel.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/error-model.h"
#include "ns3/log.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/pointer.h"
#include "ns3/queue.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"
#include "ns3/uinteger.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EthernetNetDevice");

NS_OBJECT_ENSURE_REGISTERED(EthernetNetDevice);

#undef NS_LOG_APPEND_CONTEXT
#define NS_LOG_APPEND_CONTEXT                                                                      \
    if (m_node)                                                                                    \
    {                                                                                              \
        std::clog << "[node " << m_node->GetId() << " dev " << m_ifIndex << "] ";                  \
    }

TypeId
EthernetNetDevice::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::EthernetNetDevice")
            .SetParent<NetDevice>()
            .SetGroupName("VSwitch")
            .AddConstructor<EthernetNetDevice>()
            .AddAttribute("Address",
                          "The MAC address of this device.",
                          Mac48AddressValue(Mac48Address("00:00:00:00:00:00")),
                          MakeMac48AddressAccessor(&EthernetNetDevice::m_address),
                          MakeMac48AddressChecker())
            .AddAttribute("Mtu",
                          "Largest payload (L3 packet) in bytes; 1500 standard, up to 9216 "
                          "for jumbo frames.",
                          UintegerValue(1500),
                          MakeUintegerAccessor(&EthernetNetDevice::SetMtu,
                                               &EthernetNetDevice::GetMtu),
                          MakeUintegerChecker<uint16_t>(68, 9216))
            .AddAttribute("DataRate",
                          "Line rate of the link in each direction.",
                          DataRateValue(DataRate("10Gbps")),
                          MakeDataRateAccessor(&EthernetNetDevice::SetDataRate,
                                               &EthernetNetDevice::GetDataRate),
                          MakeDataRateChecker())
            .AddAttribute("PhyOverhead",
                          "Count preamble and SFD (8 bytes), FCS (4) and inter-frame gap (12) "
                          "in the time a frame occupies the wire, as real Ethernet does.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&EthernetNetDevice::m_phyOverhead),
                          MakeBooleanChecker())
            .AddAttribute("VlanId",
                          "Endpoint mode only: 802.1Q VLAN ID this NIC tags its frames with "
                          "and accepts (0 = untagged). Ignored on bridge ports.",
                          UintegerValue(0),
                          MakeUintegerAccessor(&EthernetNetDevice::m_vlanId),
                          MakeUintegerChecker<uint16_t>(0, EthernetVlanHeader::kMaxVlanId))
            .AddAttribute("AdminUp",
                          "Administrative state; false is `shutdown` and takes the link down.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&EthernetNetDevice::SetAdminUp,
                                              &EthernetNetDevice::IsAdminUp),
                          MakeBooleanChecker())
            .AddAttribute("TxQueue",
                          "The transmit queue.",
                          PointerValue(),
                          MakePointerAccessor(&EthernetNetDevice::m_queue),
                          MakePointerChecker<Queue<Packet>>())
            .AddAttribute("ReceiveErrorModel",
                          "Optional error model that corrupts (drops) received frames.",
                          PointerValue(),
                          MakePointerAccessor(&EthernetNetDevice::m_receiveErrorModel),
                          MakePointerChecker<ErrorModel>())
            .AddTraceSource("MacTx",
                            "A frame was accepted for transmission (header included).",
                            MakeTraceSourceAccessor(&EthernetNetDevice::m_macTxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacRx",
                            "A frame for this host is handed up (header included).",
                            MakeTraceSourceAccessor(&EthernetNetDevice::m_macRxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("MacPromiscRx",
                            "A frame is handed to the promiscuous receive callback.",
                            MakeTraceSourceAccessor(&EthernetNetDevice::m_macPromiscRxTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyTxBegin",
                            "A frame starts going out on the wire.",
                            MakeTraceSourceAccessor(&EthernetNetDevice::m_phyTxBeginTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyRxEnd",
                            "A frame has been received from the wire.",
                            MakeTraceSourceAccessor(&EthernetNetDevice::m_phyRxEndTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Sniffer",
                            "Frames sent by this device and frames addressed to it.",
                            MakeTraceSourceAccessor(&EthernetNetDevice::m_snifferTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PromiscSniffer",
                            "Every frame sent or received on the wire (what a pcap shows).",
                            MakeTraceSourceAccessor(&EthernetNetDevice::m_promiscSnifferTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("Drop",
                            "A frame was discarded, with the reason.",
                            MakeTraceSourceAccessor(&EthernetNetDevice::m_dropTrace),
                            "ns3::EthernetNetDevice::DropTracedCallback")
            .AddTraceSource("LinkState",
                            "The link went up (true) or down (false).",
                            MakeTraceSourceAccessor(&EthernetNetDevice::m_linkStateTrace),
                            "ns3::EthernetNetDevice::LinkStateTracedCallback");
    return tid;
}

EthernetNetDevice::EthernetNetDevice()
    : m_ifIndex(0),
      m_mtu(1500),
      m_vlanId(0),
      m_dataRate(DataRate("10Gbps")),
      m_phyOverhead(true),
      m_adminUp(true),
      m_linkUp(false),
      m_psPerByte(800.0),
      m_txEnd(Seconds(0))
{
    NS_LOG_FUNCTION(this);
}

EthernetNetDevice::~EthernetNetDevice()
{
    NS_LOG_FUNCTION(this);
}

void
EthernetNetDevice::DoDispose()
{
    NS_LOG_FUNCTION(this);
    m_txNextEvent.Cancel();
    m_node = nullptr;
    m_channel = nullptr;
    m_queue = nullptr;
    m_receiveErrorModel = nullptr;
    m_rxCallback = NetDevice::ReceiveCallback();
    m_promiscCallback = NetDevice::PromiscReceiveCallback();
    m_frameRxCallback = FrameReceiveCallback();
    NetDevice::DoDispose();
}

bool
EthernetNetDevice::Attach(Ptr<EthernetChannel> channel)
{
    NS_LOG_FUNCTION(this << channel);
    NS_ABORT_MSG_IF(m_channel, "EthernetNetDevice " << m_address << " is already attached");
    m_channel = channel;
    channel->Attach(this);
    return true;
}

void
EthernetNetDevice::SetQueue(Ptr<Queue<Packet>> queue)
{
    NS_LOG_FUNCTION(this << queue);
    m_queue = queue;
}

Ptr<Queue<Packet>>
EthernetNetDevice::GetQueue() const
{
    return m_queue;
}

void
EthernetNetDevice::SetDataRate(DataRate rate)
{
    NS_ABORT_MSG_IF(rate.GetBitRate() == 0, "EthernetNetDevice DataRate must be above 0");
    m_dataRate = rate;
    UpdateByteTime();
}

DataRate
EthernetNetDevice::GetDataRate() const
{
    return m_dataRate;
}

void
EthernetNetDevice::UpdateByteTime()
{
    m_psPerByte = 8e12 / static_cast<double>(m_dataRate.GetBitRate());
}

void
EthernetNetDevice::SetAdminUp(bool up)
{
    NS_LOG_FUNCTION(this << up);
    m_adminUp = up;
    UpdateLink();
}

bool
EthernetNetDevice::IsAdminUp() const
{
    return m_adminUp;
}

void
EthernetNetDevice::UpdateLink()
{
    if (m_channel)
    {
        m_channel->UpdateLinkState();
    }
}

void
EthernetNetDevice::SetFrameReceiveCallback(FrameReceiveCallback cb)
{
    m_frameRxCallback = cb;
}

const EthernetNetDevice::Counters&
EthernetNetDevice::GetCounters() const
{
    return m_counters;
}

Ptr<EthernetNetDevice>
EthernetNetDevice::GetPeer() const
{
    return m_channel ? m_channel->GetPeer(this) : nullptr;
}

void
EthernetNetDevice::Drop(Ptr<const Packet> frame, DropReason reason)
{
    NS_LOG_LOGIC("drop " << reason << " " << frame->GetSize() << " bytes");
    m_counters.drops.Add(reason);
    m_dropTrace(frame, reason);
}

// ------------------------------------------------------------------------------------------
// Transmit

bool
EthernetNetDevice::Send(Ptr<Packet> packet, const Address& dest, uint16_t protocolNumber)
{
    return SendPayload(packet, m_address, Mac48Address::ConvertFrom(dest), protocolNumber);
}

bool
EthernetNetDevice::SendFrom(Ptr<Packet> packet,
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
EthernetNetDevice::SendPayload(Ptr<Packet> packet,
                               Mac48Address source,
                               Mac48Address dest,
                               uint16_t proto)
{
    if (packet->GetSize() > m_mtu)
    {
        Drop(packet, DropReason::Oversize);
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
        packet->AddPaddingAtEnd(EthernetVlanHeader::kMinFrameSize - size);
    }
    packet->AddHeader(header);
    return Enqueue(packet);
}

bool
EthernetNetDevice::SendFrame(Ptr<Packet> frame, const EthernetVlanHeader& header)
{
    uint32_t size = frame->GetSize();
    if (size - header.GetSerializedSize() > m_mtu)
    {
        Drop(frame, DropReason::Oversize);
        return false;
    }
    if (size < EthernetVlanHeader::kMinFrameSize)
    {
        frame->AddPaddingAtEnd(EthernetVlanHeader::kMinFrameSize - size);
    }
    return Enqueue(frame);
}

bool
EthernetNetDevice::Enqueue(Ptr<Packet> frame)
{
    if (!m_linkUp)
    {
        Drop(frame, DropReason::LinkDown);
        return false;
    }
    m_macTxTrace(frame);
    Time now = Simulator::Now();
    if (now >= m_txEnd && m_queue->IsEmpty())
    {
        TransmitStart(frame);
        return true;
    }
    if (!m_queue->Enqueue(frame))
    {
        Drop(frame, DropReason::QueueFull);
        return false;
    }
    if (!m_txNextEvent.IsRunning())
    {
        m_txNextEvent =
            Simulator::Schedule(m_txEnd > now ? m_txEnd - now : Time(0),
                                &EthernetNetDevice::TransmitNext,
                                this);
    }
    return true;
}

void
EthernetNetDevice::TransmitStart(Ptr<Packet> frame)
{
    uint32_t bytes = frame->GetSize();
    uint32_t lastBit = bytes;
    uint32_t occupied = bytes;
    if (m_phyOverhead)
    {
        lastBit += kPreambleBytes + kFcsBytes;
        occupied = lastBit + kIfgBytes;
    }
    m_txEnd = Simulator::Now() + PicoSeconds(static_cast<int64_t>(occupied * m_psPerByte));
    ++m_counters.txFrames;
    m_counters.txBytes += bytes;
    m_phyTxBeginTrace(frame);
    m_snifferTrace(frame);
    m_promiscSnifferTrace(frame);
    m_channel->Transmit(this, frame, PicoSeconds(static_cast<int64_t>(lastBit * m_psPerByte)));
}

void
EthernetNetDevice::TransmitNext()
{
    if (!m_linkUp)
    {
        return;
    }
    Ptr<Packet> frame = m_queue->Dequeue();
    if (!frame)
    {
        return;
    }
    TransmitStart(frame);
    if (!m_queue->IsEmpty())
    {
        m_txNextEvent =
            Simulator::Schedule(m_txEnd - Simulator::Now(), &EthernetNetDevice::TransmitNext, this);
    }
}

// ------------------------------------------------------------------------------------------
// Receive

void
EthernetNetDevice::Receive(Ptr<Packet> frame)
{
    if (!m_linkUp)
    {
        Drop(frame, DropReason::LinkDown);
        return;
    }
    if (m_receiveErrorModel && m_receiveErrorModel->IsCorrupt(frame))
    {
        Drop(frame, DropReason::Corrupt);
        return;
    }
    ++m_counters.rxFrames;
    m_counters.rxBytes += frame->GetSize();
    m_phyRxEndTrace(frame);
    m_promiscSnifferTrace(frame);

    EthernetVlanHeader header;
    frame->PeekHeader(header);
    if (frame->GetSize() - header.GetSerializedSize() > m_mtu)
    {
        Drop(frame, DropReason::Oversize);
        return;
    }
    if (!m_frameRxCallback.IsNull())
    {
        m_frameRxCallback(this, frame, header);
        return;
    }
    DeliverUp(frame, header);
}

void
EthernetNetDevice::DeliverUp(Ptr<Packet> frame, const EthernetVlanHeader& header)
{
    uint16_t vid = header.HasVlanTag() ? header.GetVlanId() : 0;
    if (vid != m_vlanId)
    {
        Drop(frame, DropReason::Vlan);
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
        Drop(frame, DropReason::MacFilter);
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
    if (!m_promiscCallback.IsNull())
    {
        m_promiscCallback(this, frame, proto, src, dst, type);
    }
    if (type != NetDevice::PACKET_OTHERHOST && !m_rxCallback.IsNull())
    {
        m_rxCallback(this, frame, proto, src);
    }
}

void
EthernetNetDevice::NotifyCarrier(bool up)
{
    if (up == m_linkUp)
    {
        return;
    }
    NS_LOG_INFO("link " << (up ? "up" : "down"));
    m_linkUp = up;
    if (!up)
    {
        m_txNextEvent.Cancel();
        m_txEnd = Simulator::Now();
        while (m_queue && !m_queue->IsEmpty())
        {
            Ptr<Packet> frame = m_queue->Dequeue();
            Drop(frame, DropReason::LinkDown);
        }
    }
    m_linkStateTrace(up);
    m_linkChangeCallbacks();
}

// ------------------------------------------------------------------------------------------
// NetDevice boilerplate

void
EthernetNetDevice::SetIfIndex(const uint32_t index)
{
    m_ifIndex = index;
}

uint32_t
EthernetNetDevice::GetIfIndex() const
{
    return m_ifIndex;
}

Ptr<Channel>
EthernetNetDevice::GetChannel() const
{
    return m_channel;
}

void
EthernetNetDevice::SetAddress(Address address)
{
    m_address = Mac48Address::ConvertFrom(address);
}

Address
EthernetNetDevice::GetAddress() const
{
    return m_address;
}

bool
EthernetNetDevice::SetMtu(const uint16_t mtu)
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
EthernetNetDevice::GetMtu() const
{
    return m_mtu;
}

bool
EthernetNetDevice::IsLinkUp() const
{
    return m_linkUp;
}

void
EthernetNetDevice::AddLinkChangeCallback(Callback<void> callback)
{
    m_linkChangeCallbacks.ConnectWithoutContext(callback);
}

bool
EthernetNetDevice::IsBroadcast() const
{
    return true;
}

Address
EthernetNetDevice::GetBroadcast() const
{
    return Mac48Address::GetBroadcast();
}

bool
EthernetNetDevice::IsMulticast() const
{
    return true;
}

Address
EthernetNetDevice::GetMulticast(Ipv4Address multicastGroup) const
{
    return Mac48Address::GetMulticast(multicastGroup);
}

Address
EthernetNetDevice::GetMulticast(Ipv6Address addr) const
{
    return Mac48Address::GetMulticast(addr);
}

bool
EthernetNetDevice::IsPointToPoint() const
{
    return false;
}

bool
EthernetNetDevice::IsBridge() const
{
    return false;
}

Ptr<Node>
EthernetNetDevice::GetNode() const
{
    return m_node;
}

void
EthernetNetDevice::SetNode(Ptr<Node> node)
{
    m_node = node;
}

bool
EthernetNetDevice::NeedsArp() const
{
    return true;
}

void
EthernetNetDevice::SetReceiveCallback(NetDevice::ReceiveCallback cb)
{
    m_rxCallback = cb;
}

void
EthernetNetDevice::SetPromiscReceiveCallback(NetDevice::PromiscReceiveCallback cb)
{
    m_promiscCallback = cb;
}

bool
EthernetNetDevice::SupportsSendFrom() const
{
    return true;
}

} // namespace ns3
