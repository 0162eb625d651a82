/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_RARP_SCHEDULER_H
#define VSWITCH_RARP_SCHEDULER_H

#include "ns3/callback.h"
#include "ns3/event-id.h"
#include "ns3/nstime.h"

#include <cstdint>
#include <map>
#include <utility>
#include <vector>

namespace ns3
{

class VSwitchPort;

/**
 * \ingroup vswitch
 * \brief One round of RARP announcements: `frames` back-to-back frames, `at` after the start
 *        of the schedule.
 */
struct RarpRound
{
    Time at;            //!< offset from the start of the schedule
    uint32_t frames{1}; //!< frames sent back to back in this round
};

/**
 * \ingroup vswitch
 * \brief Times the RARP announcements a vSwitch sends so that physical switches relearn a
 *        MAC: the burst of *notify switches* on a failover or a vNIC connect, and the
 *        schedule of a vMotion switchover (spec sections 3 and 7).
 *
 * A schedule is a list of rounds; each announcement is keyed by the port and the MAC it
 * announces, and a new announcement of the same port and MAC replaces the rest of the
 * previous one (a port that moves again starts over). The scheduler only keeps time: the
 * frame itself is built and sent by the callback the vSwitch gives it, on whatever uplink the
 * port is teamed to when the round fires. Events hold no reference to the port: the vSwitch
 * cancels a port's announcements when the port goes away.
 */
class RarpScheduler
{
  public:
    /// Sends one RARP frame announcing `mac` for `port`.
    typedef Callback<void, VSwitchPort*, uint64_t> SendCallback;

    RarpScheduler() = default;
    ~RarpScheduler();

    RarpScheduler(const RarpScheduler&) = delete;
    RarpScheduler& operator=(const RarpScheduler&) = delete;

    /// \param send what sends a frame (the vSwitch's)
    void SetSender(SendCallback send);

    /**
     * \param count frames (>= 1)
     * \param interval time between them
     * \return count rounds of one frame, interval apart, the first at once
     */
    static std::vector<RarpRound> Burst(uint32_t count, Time interval);

    /**
     * \brief Start announcing a MAC of a port; replaces what is left of a previous
     *        announcement of the same port and MAC.
     * \param port the port
     * \param mac the MAC (table key form)
     * \param rounds the schedule (empty: nothing)
     */
    void Announce(VSwitchPort* port, uint64_t mac, const std::vector<RarpRound>& rounds);

    /// \param port a port whose announcements stop (it left the switch)
    void Cancel(const VSwitchPort* port);

    /// Stop every announcement.
    void CancelAll();

    /// \return announcements still running
    std::size_t GetPending() const;

  private:
    /// What is left of one announcement.
    struct Pending
    {
        std::vector<RarpRound> rounds; //!< the schedule
        std::size_t next{0};           //!< the next round
        Time start;                    //!< when the schedule started
        EventId event;                 //!< the next round's event
    };

    typedef std::pair<VSwitchPort*, uint64_t> Key; //!< port and MAC

    /// Send the due round of an announcement and schedule the next.
    void Fire(VSwitchPort* port, uint64_t mac);
    /// Schedule the next round of an announcement.
    void ScheduleNext(const Key& key, Pending& p);

    SendCallback m_send;              //!< sends a frame
    std::map<Key, Pending> m_pending; //!< running announcements
};

} // namespace ns3

#endif /* VSWITCH_RARP_SCHEDULER_H */
