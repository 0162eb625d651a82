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
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

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
            .SetParent<L2NetDevice>()
            .SetGroupName("VSwitch")
            .AddConstructor<EthernetNetDevice>()
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
            .AddAttribute(
                "AdminUp",
                "Administrative state; false is `shutdown` and takes the link down.",
                BooleanValue(true),
                MakeBooleanAccessor(&EthernetNetDevice::SetAdminUp, &EthernetNetDevice::IsAdminUp),
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
            .AddTraceSource("PhyTxBegin",
                            "A frame starts going out on the wire.",
                            MakeTraceSourceAccessor(&EthernetNetDevice::m_phyTxBeginTrace),
                            "ns3::Packet::TracedCallback")
            .AddTraceSource("PhyRxEnd",
                            "A frame has been received from the wire.",
                            MakeTraceSourceAccessor(&EthernetNetDevice::m_phyRxEndTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

EthernetNetDevice::EthernetNetDevice()
    : m_dataRate(DataRate("10Gbps")),
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
    m_channel = nullptr;
    m_queue = nullptr;
    m_receiveErrorModel = nullptr;
    L2NetDevice::DoDispose();
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
    if (m_channel)
    {
        m_channel->UpdateLinkState();
    }
}

bool
EthernetNetDevice::IsAdminUp() const
{
    return m_adminUp;
}

Ptr<EthernetNetDevice>
EthernetNetDevice::GetPeer() const
{
    return m_channel ? m_channel->GetPeer(this) : nullptr;
}

// ------------------------------------------------------------------------------------------
// Transmit

bool
EthernetNetDevice::TransmitFrame(Ptr<Packet> frame, const EthernetVlanHeader& /* header */)
{
    if (!m_linkUp)
    {
        DropTx(frame, DropReason::LinkDown);
        return false;
    }
    Time now = Simulator::Now();
    if (now >= m_txEnd && m_queue->IsEmpty())
    {
        TransmitStart(frame);
        return true;
    }
    if (!m_queue->Enqueue(frame))
    {
        DropTx(frame, DropReason::QueueFull);
        return false;
    }
    if (!m_txNextEvent.IsRunning())
    {
        m_txNextEvent = Simulator::Schedule(m_txEnd > now ? m_txEnd - now : Time(0),
                                            &EthernetNetDevice::TransmitNext,
                                            this);
    }
    return true;
}

uint64_t
EthernetNetDevice::GetQueuedFrames() const
{
    return m_queue ? m_queue->GetNPackets() : 0;
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
    m_phyTxBeginTrace(frame);
    NotifyTransmit(frame);
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
    CountArrival();
    if (!m_linkUp)
    {
        DropRx(frame, DropReason::LinkDown);
        return;
    }
    if (m_receiveErrorModel && m_receiveErrorModel->IsCorrupt(frame))
    {
        DropRx(frame, DropReason::Corrupt);
        return;
    }
    m_phyRxEndTrace(frame);
    HandleReceivedFrame(frame);
}

void
EthernetNetDevice::NotifyCarrier(bool up)
{
    if (up == m_linkUp)
    {
        return;
    }
    m_linkUp = up;
    if (!up)
    {
        m_txNextEvent.Cancel();
        m_txEnd = Simulator::Now();
        while (m_queue && !m_queue->IsEmpty())
        {
            Ptr<Packet> frame = m_queue->Dequeue();
            DropTx(frame, DropReason::LinkDown);
        }
    }
    NotifyLinkChange(up);
}

Ptr<Channel>
EthernetNetDevice::GetChannel() const
{
    return m_channel;
}

bool
EthernetNetDevice::IsLinkUp() const
{
    return m_linkUp;
}

bool
EthernetNetDevice::IsPointToPoint() const
{
    // ns-3's distributed simulators look for the links between ranks among point-to-point
    // devices only; a cable inside the process stays a broadcast link (ARP, global routing).
    return m_channel && m_channel->IsRemote();
}

} // namespace ns3
