/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Frame accounting: what became of every frame a device took in.
 */
#ifndef VSWITCH_FRAME_LEDGER_H
#define VSWITCH_FRAME_LEDGER_H

#include "ns3/drop-reason.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief What became of the frames one device took in, in one direction.
 *
 * Every device of the module keeps ledgers: a NIC one for transmit (frames handed to it to
 * send) and one for receive (frames arriving from its wire), a switch one for the frames
 * its ports and uplinks gave it. Each frame taken in is counted once in `in` and once in
 * exactly one outcome:
 *
 * - `forwarded`: passed on to another device (put on the wire; for a switch, at least one
 *   copy handed to an egress port, uplink or overlay, whose own ledger follows it);
 * - `delivered`: ended at the device as its destination (a NIC's node stack, a switch's
 *   beacon prober, an overlay that answered it);
 * - `queued`: waiting in the device's transmit queue when the ledger was read;
 * - `dropped`: discarded, per reason (the same reasons the `Drop` trace sources give).
 *
 * Balanced() holds for every device at every instant between events; a frame a device lost
 * without a reason shows as an imbalance.
 */
struct FrameLedger
{
    uint64_t in{0};        //!< frames taken in
    uint64_t forwarded{0}; //!< passed on to another device
    uint64_t delivered{0}; //!< ended here, at their destination
    uint64_t queued{0};    //!< waiting in a transmit queue (filled in when read)
    DropCounters dropped;  //!< discarded, per reason

    /// \return the frames with an outcome
    uint64_t Accounted() const
    {
        return forwarded + delivered + queued + dropped.Total();
    }

    /// \return whether every frame taken in has exactly one outcome
    bool Balanced() const
    {
        return in == Accounted();
    }

    /// \param other a ledger to add to this one \return this ledger
    FrameLedger& operator+=(const FrameLedger& other)
    {
        in += other.in;
        forwarded += other.forwarded;
        delivered += other.delivered;
        queued += other.queued;
        for (std::size_t r = 0; r < kDropReasonCount; ++r)
        {
            dropped.frames[r] += other.dropped.frames[r];
        }
        return *this;
    }
};

/**
 * \ingroup vswitch
 * \brief The fate of one frame while a switch handles it: its copies and its last drop.
 *
 * A switch opens one when a frame arrives (FrameFateScope) and its data path notes each
 * copy handed on and each drop; when the frame is done, Close() books one outcome: forwarded
 * when any copy left, else delivered when the switch itself took it, else dropped for the
 * last reason noted. A frame with none of these is booked nowhere, and its ledger shows it.
 */
struct FrameFate
{
    uint32_t copies{0};                 //!< copies handed to egress devices
    bool delivered{false};              //!< the switch itself consumed the frame
    DropReason drop{DropReason::Count}; //!< the last reason a copy or the frame was dropped

    /// \param r a reason the frame, or one of its copies, was dropped
    void NoteDrop(DropReason r)
    {
        drop = r;
    }

    /**
     * \brief Book the outcome.
     * \param ledger the switch's ledger (its `in` already counted)
     */
    void Close(FrameLedger& ledger) const
    {
        if (copies != 0)
        {
            ++ledger.forwarded;
        }
        else if (delivered)
        {
            ++ledger.delivered;
        }
        else if (drop != DropReason::Count)
        {
            ledger.dropped.Add(drop);
        }
    }
};

/**
 * \ingroup vswitch
 * \brief Counts a frame into a switch's ledger and books its fate when it goes out of scope.
 *
 * The switch's current-fate pointer points at this frame's fate meanwhile; a frame that
 * enters the same switch while another is being handled (synchronously) gets its own.
 */
class FrameFateScope
{
  public:
    /**
     * \param ledger the switch's ledger
     * \param current the switch's current-fate pointer
     */
    FrameFateScope(FrameLedger& ledger, FrameFate*& current)
        : m_ledger(ledger),
          m_current(current),
          m_previous(current)
    {
        ++m_ledger.in;
        m_current = &m_fate;
    }

    ~FrameFateScope()
    {
        m_current = m_previous;
        m_fate.Close(m_ledger);
    }

    FrameFateScope(const FrameFateScope&) = delete;
    FrameFateScope& operator=(const FrameFateScope&) = delete;

    /// \return this frame's fate
    FrameFate& Fate()
    {
        return m_fate;
    }

  private:
    FrameLedger& m_ledger; //!< the switch's ledger
    FrameFate*& m_current; //!< the switch's current-fate pointer
    FrameFate* m_previous; //!< its value before this frame
    FrameFate m_fate;      //!< this frame's fate
};

} // namespace ns3

#endif /* VSWITCH_FRAME_LEDGER_H */
