/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_REALTIME_LAG_MONITOR_H
#define VSWITCH_REALTIME_LAG_MONITOR_H

#include "ns3/event-id.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/traced-callback.h"

#include <cstdint>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief Measures how far a real-time simulation falls behind the wall clock.
 *
 * Every `Interval` of simulated time a sampling event compares the real-time scheduler's
 * wall clock (RealtimeSimulatorImpl::RealtimeNow(), time since Simulator::Run() began) with
 * Simulator::Now(). On time, the event runs as soon as the wall clock reaches its simulated
 * time, so the difference (the lag) is the scheduler's reaction time, some microseconds;
 * when the simulation cannot keep up (too many events per wall-clock second), events run
 * late, and the lag is how late. A sample whose lag exceeds `LateThreshold` counts as late.
 *
 * What ns-3 does when it falls behind is its SynchronizationMode attribute's business
 * (ns3::RealtimeSimulatorImpl): BestEffort (the default) runs late events as soon as it can
 * and catches up when the load falls; HardLimit aborts the process (NS_FATAL_ERROR, SIGABRT)
 * at the first event later than its HardLimit attribute.
 *
 * The monitor needs ns3::RealtimeSimulatorImpl; Start() refuses another scheduler.
 */
class RealtimeLagMonitor : public Object
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    /**
     * TracedCallback signature for a lag sample.
     * \param lag how far the event ran behind the wall clock (negative: ahead)
     */
    typedef void (*LagTracedCallback)(Time lag);

    RealtimeLagMonitor();
    ~RealtimeLagMonitor() override;

    /// \brief Start sampling (from simulated time 0, or now). ConfigError without the
    ///        real-time scheduler.
    void Start();
    /// \brief Stop sampling.
    void Stop();

    /// \return the largest lag seen (0 before any sample)
    Time GetMaxLag() const;
    /// \return the mean lag of the samples
    Time GetMeanLag() const;
    /// \return simulated time of the sample with the largest lag
    Time GetMaxLagAt() const;
    /// \return samples whose lag exceeded LateThreshold
    uint64_t GetLateCount() const;
    /// \return samples taken
    uint64_t GetSampleCount() const;
    /// \return the sampling interval
    Time GetInterval() const;
    /// \return the late threshold
    Time GetLateThreshold() const;

  protected:
    void DoDispose() override;

  private:
    /// Take one sample and schedule the next.
    void Sample();

    Time m_interval;       //!< sampling period
    Time m_lateThreshold;  //!< a sample beyond this is late
    EventId m_event;       //!< the next sample
    Time m_maxLag{0};      //!< largest lag
    Time m_maxLagAt{0};    //!< when
    int64_t m_sumNs{0};    //!< sum of lags (ns)
    uint64_t m_late{0};    //!< late samples
    uint64_t m_samples{0}; //!< samples

    TracedCallback<Time> m_lagTrace; //!< every sample
};

} // namespace ns3

#endif /* VSWITCH_REALTIME_LAG_MONITOR_H */
