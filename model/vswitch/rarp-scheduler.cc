/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "rarp-scheduler.h"

#include "ns3/log.h"
#include "ns3/simulator.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("RarpScheduler");

RarpScheduler::~RarpScheduler()
{
    CancelAll();
}

void
RarpScheduler::SetSender(SendCallback send)
{
    m_send = send;
}

std::vector<RarpRound>
RarpScheduler::Burst(uint32_t count, Time interval)
{
    std::vector<RarpRound> rounds;
    for (uint32_t i = 0; i < count; ++i)
    {
        rounds.push_back(RarpRound{interval * static_cast<int64_t>(i), 1});
    }
    return rounds;
}

void
RarpScheduler::Announce(VSwitchPort* port, uint64_t mac, const std::vector<RarpRound>& rounds)
{
    Key key(port, mac);
    auto it = m_pending.find(key);
    if (it != m_pending.end())
    {
        it->second.event.Cancel();
        m_pending.erase(it);
    }
    if (rounds.empty())
    {
        return;
    }
    Pending& p = m_pending[key];
    p.rounds = rounds;
    p.next = 0;
    p.start = Simulator::Now();
    ScheduleNext(key, p);
}

void
RarpScheduler::ScheduleNext(const Key& key, Pending& p)
{
    Time due = p.start + p.rounds[p.next].at;
    Time now = Simulator::Now();
    p.event = Simulator::Schedule(due > now ? due - now : Time(0),
                                  &RarpScheduler::Fire,
                                  this,
                                  key.first,
                                  key.second);
}

void
RarpScheduler::Fire(VSwitchPort* port, uint64_t mac)
{
    auto it = m_pending.find(Key(port, mac));
    if (it == m_pending.end())
    {
        return;
    }
    Pending& p = it->second;
    uint32_t frames = p.rounds[p.next].frames;
    ++p.next;
    bool more = p.next < p.rounds.size();
    if (more)
    {
        ScheduleNext(it->first, p);
    }
    else
    {
        m_pending.erase(it);
    }
    for (uint32_t i = 0; i < frames && !m_send.IsNull(); ++i)
    {
        m_send(port, mac);
    }
}

void
RarpScheduler::Cancel(const VSwitchPort* port)
{
    for (auto it = m_pending.begin(); it != m_pending.end();)
    {
        if (it->first.first == port)
        {
            it->second.event.Cancel();
            it = m_pending.erase(it);
        }
        else
        {
            ++it;
        }
    }
}

void
RarpScheduler::CancelAll()
{
    for (auto& [key, p] : m_pending)
    {
        p.event.Cancel();
    }
    m_pending.clear();
}

std::size_t
RarpScheduler::GetPending() const
{
    return m_pending.size();
}

} // namespace ns3
