/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#ifndef VSWITCH_VMOTION_H
#define VSWITCH_VMOTION_H

#include "rarp-scheduler.h"

#include "ns3/mac48-address.h"
#include "ns3/nstime.h"
#include "ns3/object.h"
#include "ns3/ptr.h"
#include "ns3/traced-callback.h"

#include <string>
#include <vector>

namespace ns3
{

class DistributedSwitch;
class EsxiHost;
class Node;
class VnicNetDevice;
class VSwitchPort;

/**
 * \ingroup vswitch
 * \brief vMotion: moves a running VM (or a nested ESXi VM with its nested host and the VMs
 *        in it) from one ESXi host to another (spec section 7).
 *
 * Three phases. Pre-copy: for the given duration the VM runs on the source host as before.
 * Stun (`StunTime`): the VM is paused; its vNICs leave their source ports, so frames toward
 * it are lost (at the source they are unknown unicast from then on, as the source port is
 * freed) and what its applications send is dropped at the vNIC. Switchover: its vNICs sit on
 * new ports of the destination host's switch (new port IDs) with the same dvPorts, counters
 * and learned MACs, and the destination announces each vNIC's MAC by RARP on
 * `RarpSchedule` (seed 1: at t, t+2, t+6, t+12, t+22 and t+38 s, the first alone, then
 * pairs), and, on a port group with MAC learning, each MAC learned on the moved port once
 * after `LearnedMacRarpDelay`. The VM itself is untouched: the same ns-3 node, IP stack,
 * ARP cache and running applications.
 *
 * A VMotion object moves one VM at a time; the records of its migrations stay readable.
 */
class VMotion : public Object
{
  public:
    /// What happened to one migration.
    struct Record
    {
        std::string vm;                    //!< the VM's name
        std::string from;                  //!< source host
        std::string to;                    //!< destination host
        Time start;                        //!< pre-copy began
        Time stun;                         //!< the stun began
        Time switchover;                   //!< the VM resumed on the destination
        bool switchedOver{false};          //!< the switchover has happened
        std::vector<uint32_t> dvPorts;     //!< its vNICs' dvPorts (kNoDvPort on standard switches)
        std::vector<Mac48Address> macs;    //!< its vNICs' MACs
        std::vector<Mac48Address> learned; //!< MACs learned on its ports, announced too
    };

    /**
     * \brief Get the type ID.
     * \return the object TypeId
     */
    static TypeId GetTypeId();

    VMotion();
    ~VMotion() override;

    /**
     * \brief Start moving a VM now.
     * \param vm the VM node (a VM of `from`)
     * \param from the host it runs on
     * \param to the destination host (another host that has every port group its vNICs use)
     * \param duration the pre-copy time
     * \throw ConfigError when the VM does not run on `from`, `to` is `from`, `to` lacks a
     *        port group (named), or the VM is already moving
     */
    void Migrate(Ptr<Node> vm, Ptr<EsxiHost> from, Ptr<EsxiHost> to, Time duration);

    /// \return the migrations started, in order
    const std::vector<Record>& GetRecords() const;

    /// \return the RARP schedule in use (the RarpSchedule attribute, parsed)
    const std::vector<RarpRound>& GetRarpSchedule() const;

    /**
     * \brief Parse a RARP schedule: rounds "TIME/FRAMES" separated by commas or spaces, e.g.
     *        "0s/1,2s/2,6s/2" (times from the switchover, increasing; frames 1-100).
     * \param text the schedule
     * \return the rounds
     * \throw ConfigError naming what is wrong
     */
    static std::vector<RarpRound> ParseSchedule(const std::string& text);

    /**
     * TracedCallback signature of the phases.
     * \param vm the VM's name
     * \param from source host
     * \param to destination host
     */
    typedef void (*PhaseTracedCallback)(const std::string& vm,
                                        const std::string& from,
                                        const std::string& to);

  private:
    /// The stun begins: the vNICs leave their source ports.
    void Stun(std::size_t record);
    /// The VM resumes on the destination.
    void Switchover(std::size_t record);
    /// RarpSchedule attribute setter.
    void SetSchedule(std::string text);
    /// RarpSchedule attribute getter.
    std::string GetSchedule() const;

    /// A migration in progress.
    struct Moving
    {
        Ptr<Node> vm;                                   //!< the VM
        Ptr<EsxiHost> from;                             //!< source
        Ptr<EsxiHost> to;                               //!< destination
        std::vector<Ptr<VnicNetDevice>> vnics;          //!< its vNICs
        std::vector<Ptr<VSwitchPort>> ports;            //!< their source ports
        std::vector<std::vector<Mac48Address>> learned; //!< MACs learned on each
        std::vector<const DistributedSwitch*> dvs;      //!< each port's distributed switch
    };

    Time m_stunTime;                   //!< StunTime
    std::string m_scheduleText;        //!< RarpSchedule as given
    std::vector<RarpRound> m_schedule; //!< RarpSchedule parsed
    Time m_learnedDelay;               //!< LearnedMacRarpDelay
    std::vector<Record> m_records;     //!< migrations
    std::vector<Moving> m_moving;      //!< per record: what is moving (empty when done)

    TracedCallback<const std::string&, const std::string&, const std::string&> m_preCopyTrace;
    TracedCallback<const std::string&, const std::string&, const std::string&> m_stunTrace;
    TracedCallback<const std::string&, const std::string&, const std::string&> m_switchoverTrace;
};

} // namespace ns3

#endif /* VSWITCH_VMOTION_H */
