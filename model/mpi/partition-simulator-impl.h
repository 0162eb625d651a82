/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_PARTITION_SIMULATOR_IMPL_H
#define VSWITCH_PARTITION_SIMULATOR_IMPL_H

#include "ns3/simulator-impl.h"

#include <cstdint>
#include <string>
#include <vector>

namespace ns3
{

/**
 * \ingroup vswitch
 * \brief A simulator that runs the events of this rank's nodes only, over one of ns-3's
 *        distributed engines.
 *
 * For a distributed run in which every rank builds the whole topology in the same order (so
 * that node ids, interface indexes, MAC addresses and random streams are the same on every
 * rank, and a one-process run gives the same results), while each rank simulates only its
 * own nodes: an event scheduled for a node whose system id is not this rank's
 * (ScheduleWithContext with that node's id as the context, which is how ns-3 starts a node,
 * its devices and its applications and how channels deliver) is dropped, so the other ranks'
 * nodes never start and cost nothing but their memory. Everything else goes to the inner
 * engine, chosen by `Inner`: ns3::DistributedSimulatorImpl (granted time window, the
 * default) or ns3::NullMessageSimulatorImpl. The inner engine's MPI interface must be the
 * one MpiInterface::Enable chose (bind SimulatorImplementationType to the inner engine's
 * name, call MpiInterface::Enable, then bind it to ns3::PartitionSimulatorImpl).
 *
 * Events without a node context (0xffffffff: those scheduled before the run, by the
 * scenario's events) run on every rank.
 */
class PartitionSimulatorImpl : public SimulatorImpl
{
  public:
    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    PartitionSimulatorImpl();
    ~PartitionSimulatorImpl() override;

    /// \return events dropped because their node belongs to another rank
    uint64_t GetDroppedEventCount() const;

    // SimulatorImpl
    void Destroy() override;
    bool IsFinished() const override;
    void Stop() override;
    void Stop(const Time& delay) override;
    EventId Schedule(const Time& delay, EventImpl* event) override;
    void ScheduleWithContext(uint32_t context, const Time& delay, EventImpl* event) override;
    EventId ScheduleNow(EventImpl* event) override;
    EventId ScheduleDestroy(EventImpl* event) override;
    void Remove(const EventId& id) override;
    void Cancel(const EventId& id) override;
    bool IsExpired(const EventId& id) const override;
    void Run() override;
    Time Now() const override;
    Time GetDelayLeft(const EventId& id) const override;
    Time GetMaximumSimulationTime() const override;
    void SetScheduler(ObjectFactory schedulerFactory) override;
    uint32_t GetSystemId() const override;
    uint32_t GetContext() const override;
    uint64_t GetEventCount() const override;

  protected:
    void DoDispose() override;

  private:
    /// \return the inner engine, created at the first use
    Ptr<SimulatorImpl> Inner() const;
    /**
     * \param context a node id (or 0xffffffff)
     * \return true when it is the id of a node of another rank
     */
    bool IsRemote(uint32_t context);

    std::string m_innerType;            //!< the inner engine's TypeId name
    mutable Ptr<SimulatorImpl> m_inner; //!< the inner engine
    std::vector<uint8_t> m_remote;      //!< by node id: 1 for a node of another rank
    uint64_t m_dropped;                 //!< events dropped
};

} // namespace ns3

#endif /* VSWITCH_PARTITION_SIMULATOR_IMPL_H */
