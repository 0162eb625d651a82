/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "partition-simulator-impl.h"

#include "ns3/abort.h"
#include "ns3/event-impl.h"
#include "ns3/log.h"
#include "ns3/node-list.h"
#include "ns3/node.h"
#include "ns3/object-factory.h"
#include "ns3/string.h"

namespace ns3
{

NS_LOG_COMPONENT_DEFINE("PartitionSimulatorImpl");

NS_OBJECT_ENSURE_REGISTERED(PartitionSimulatorImpl);

TypeId
PartitionSimulatorImpl::GetTypeId()
{
    static TypeId tid =
        TypeId("ns3::PartitionSimulatorImpl")
            .SetParent<SimulatorImpl>()
            .SetGroupName("VSwitch")
            .AddConstructor<PartitionSimulatorImpl>()
            .AddAttribute("Inner",
                          "The distributed engine that runs this rank's events: "
                          "ns3::DistributedSimulatorImpl (granted time window) or "
                          "ns3::NullMessageSimulatorImpl (null messages).",
                          StringValue("ns3::DistributedSimulatorImpl"),
                          MakeStringAccessor(&PartitionSimulatorImpl::m_innerType),
                          MakeStringChecker());
    return tid;
}

PartitionSimulatorImpl::PartitionSimulatorImpl()
    : m_dropped(0)
{
    NS_LOG_FUNCTION(this);
}

PartitionSimulatorImpl::~PartitionSimulatorImpl()
{
    NS_LOG_FUNCTION(this);
}

Ptr<SimulatorImpl>
PartitionSimulatorImpl::Inner() const
{
    if (!m_inner)
    {
        TypeId tid;
        NS_ABORT_MSG_UNLESS(TypeId::LookupByNameFailSafe(m_innerType, &tid),
                            "ns3::PartitionSimulatorImpl::Inner: no type " << m_innerType
                                                                           << " (is libns3-mpi "
                                                                              "linked?)");
        ObjectFactory factory;
        factory.SetTypeId(tid);
        m_inner = factory.Create<SimulatorImpl>();
    }
    return m_inner;
}

bool
PartitionSimulatorImpl::IsRemote(uint32_t context)
{
    if (context >= m_remote.size())
    {
        uint32_t n = NodeList::GetNNodes();
        if (context >= n)
        {
            return false; // not a node id (0xffffffff: no context)
        }
        uint32_t rank = Inner()->GetSystemId();
        for (uint32_t i = m_remote.size(); i < n; ++i)
        {
            m_remote.push_back(NodeList::GetNode(i)->GetSystemId() != rank ? 1 : 0);
        }
    }
    return m_remote[context] != 0;
}

uint64_t
PartitionSimulatorImpl::GetDroppedEventCount() const
{
    return m_dropped;
}

void
PartitionSimulatorImpl::Destroy()
{
    NS_LOG_FUNCTION(this);
    Inner()->Destroy();
}

bool
PartitionSimulatorImpl::IsFinished() const
{
    return Inner()->IsFinished();
}

void
PartitionSimulatorImpl::Stop()
{
    Inner()->Stop();
}

void
PartitionSimulatorImpl::Stop(const Time& delay)
{
    Inner()->Stop(delay);
}

EventId
PartitionSimulatorImpl::Schedule(const Time& delay, EventImpl* event)
{
    return Inner()->Schedule(delay, event);
}

void
PartitionSimulatorImpl::ScheduleWithContext(uint32_t context, const Time& delay, EventImpl* event)
{
    if (IsRemote(context))
    {
        // The caller handed the event's one reference over; nobody will run it.
        ++m_dropped;
        event->Unref();
        return;
    }
    Inner()->ScheduleWithContext(context, delay, event);
}

EventId
PartitionSimulatorImpl::ScheduleNow(EventImpl* event)
{
    return Inner()->ScheduleNow(event);
}

EventId
PartitionSimulatorImpl::ScheduleDestroy(EventImpl* event)
{
    return Inner()->ScheduleDestroy(event);
}

void
PartitionSimulatorImpl::Remove(const EventId& id)
{
    Inner()->Remove(id);
}

void
PartitionSimulatorImpl::Cancel(const EventId& id)
{
    Inner()->Cancel(id);
}

bool
PartitionSimulatorImpl::IsExpired(const EventId& id) const
{
    return Inner()->IsExpired(id);
}

void
PartitionSimulatorImpl::Run()
{
    NS_LOG_FUNCTION(this);
    Inner()->Run();
}

Time
PartitionSimulatorImpl::Now() const
{
    return Inner()->Now();
}

Time
PartitionSimulatorImpl::GetDelayLeft(const EventId& id) const
{
    return Inner()->GetDelayLeft(id);
}

Time
PartitionSimulatorImpl::GetMaximumSimulationTime() const
{
    return Inner()->GetMaximumSimulationTime();
}

void
PartitionSimulatorImpl::SetScheduler(ObjectFactory schedulerFactory)
{
    Inner()->SetScheduler(schedulerFactory);
}

uint32_t
PartitionSimulatorImpl::GetSystemId() const
{
    return Inner()->GetSystemId();
}

uint32_t
PartitionSimulatorImpl::GetContext() const
{
    return Inner()->GetContext();
}

uint64_t
PartitionSimulatorImpl::GetEventCount() const
{
    return Inner()->GetEventCount();
}

void
PartitionSimulatorImpl::DoDispose()
{
    NS_LOG_FUNCTION(this);
    if (m_inner)
    {
        m_inner->Dispose();
        m_inner = nullptr;
    }
    m_remote.clear();
    SimulatorImpl::DoDispose();
}

} // namespace ns3
