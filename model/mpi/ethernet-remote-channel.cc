/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "ethernet-remote-channel.h"

#include "ns3/abort.h"
#include "ns3/boolean.h"
#include "ns3/ethernet-net-device.h"
#include "ns3/log.h"
#include "ns3/mpi-interface.h"
#include "ns3/node.h"
#include "ns3/packet.h"
#include "ns3/simulator.h"
#include "ns3/trace-source-accessor.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("EthernetRemoteChannel");

NS_OBJECT_ENSURE_REGISTERED(EthernetRemoteChannel);

TypeId
EthernetRemoteChannel::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::EthernetRemoteChannel")
            .SetParent<EthernetChannel>()
            .SetGroupName("VSwitch")
            .AddConstructor<EthernetRemoteChannel>()
            .AddAttribute("SendInOwnEvent",
                          "Hand each frame to MPI in an event of its own, at the instant it is "
                          "sent (what the null-message engine needs: see Transmit), rather "
                          "than at once. The granted-time-window engine needs neither: false "
                          "saves an event per frame between ranks. The results are the same.",
                          BooleanValue(true),
                          MakeBooleanAccessor(&EthernetRemoteChannel::m_sendInOwnEvent),
                          MakeBooleanChecker())
            .AddTraceSource("RemoteTransmit",
                            "A frame was handed to MPI for the rank of the other end, to "
                            "arrive there at the given time.",
                            MakeTraceSourceAccessor(&EthernetRemoteChannel::m_remoteTxTrace),
                            "ns3::EthernetRemoteChannel::RemoteTransmitTracedCallback")
            .AddTraceSource("ShadowTransmit",
                            "A device this rank does not own sent a frame; it was not carried "
                            "(its own rank sends it).",
                            MakeTraceSourceAccessor(&EthernetRemoteChannel::m_shadowTxTrace),
                            "ns3::Packet::TracedCallback");
    return tid;
}

EthernetRemoteChannel::EthernetRemoteChannel()
    : m_sendInOwnEvent(true),
      m_remoteFrames(0),
      m_shadowFrames(0)
{
    NS_LOG_FUNCTION(this);
}

EthernetRemoteChannel::~EthernetRemoteChannel()
{
    NS_LOG_FUNCTION(this);
}

void
EthernetRemoteChannel::Transmit(Ptr<EthernetNetDevice> sender, Ptr<Packet> frame, Time rxDelay)
{
    NS_LOG_FUNCTION(this << sender << frame << rxDelay);
    Ptr<EthernetNetDevice> peer = GetPeer(sender);
    NS_ABORT_MSG_UNLESS(peer,
                        "EthernetRemoteChannel " << GetId()
                                                 << ": a frame was sent before both ends were "
                                                    "attached (attach both devices on every rank)");
    uint32_t rank = MpiInterface::GetSystemId();
    if (sender->GetNode()->GetSystemId() != rank)
    {
        NS_LOG_LOGIC("channel " << GetId() << ": node " << sender->GetNode()->GetId()
                                << " belongs to rank " << sender->GetNode()->GetSystemId()
                                << ", not carried");
        ++m_shadowFrames;
        m_shadowTxTrace(frame);
        return;
    }
    if (peer->GetNode()->GetSystemId() == rank)
    {
        // Both ends here (e.g. a one-process run): an ordinary cable.
        EthernetChannel::Transmit(sender, frame, rxDelay);
        return;
    }
    uint32_t serialized = frame->GetSerializedSize();
    NS_ABORT_MSG_IF(serialized > kMaxSerializedBytes,
                    "EthernetRemoteChannel " << GetId() << ": a frame of " << frame->GetSize()
                                             << " bytes (" << serialized
                                             << " serialized) cannot cross MPI ranks, whose "
                                                "messages hold "
                                             << kMaxSerializedBytes
                                             << " bytes; keep the MTU of a cable between "
                                                "ranks at 1500 (no jumbo frames)");
    // As ns-3's PointToPointRemoteChannel: the absolute arrival time goes with the frame.
    Time rxTime = Simulator::Now() + rxDelay + GetDelay();
    ++m_remoteFrames;
    m_remoteTxTrace(frame, rxTime);
    // Handed to MPI in an event of its own, at this instant: the null-message engine sends
    // with each frame a promise (the time of the next event of this rank + the lookahead)
    // that a second frame sent in the same event (a flood out of two ports to one rank)
    // could break; with the send pending as an event, the promise is this instant + the
    // lookahead, which every later frame keeps.
    if (!m_sendInOwnEvent)
    {
        Send(frame->Copy(), rxTime, peer->GetNode()->GetId(), peer->GetIfIndex());
        return;
    }
    Simulator::ScheduleNow(&EthernetRemoteChannel::Send,
                           this,
                           frame->Copy(),
                           rxTime,
                           peer->GetNode()->GetId(),
                           peer->GetIfIndex());
}

void
EthernetRemoteChannel::Send(Ptr<Packet> frame, Time rxTime, uint32_t node, uint32_t device)
{
    NS_LOG_FUNCTION(this << frame << rxTime << node << device);
    MpiInterface::SendPacket(frame, rxTime, node, device);
}

bool
EthernetRemoteChannel::IsRemote() const
{
    return true;
}

uint64_t
EthernetRemoteChannel::GetRemoteFrames() const
{
    return m_remoteFrames;
}

uint64_t
EthernetRemoteChannel::GetShadowFrames() const
{
    return m_shadowFrames;
}

} // namespace ns3
