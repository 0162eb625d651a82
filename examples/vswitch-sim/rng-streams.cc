/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: the numbering of ns-3's automatically assigned random streams, started
 * again for every run (runner.h, ResetStreamNumbering()).
 *
 * A random variable created with the default Stream (-1) gets stream number
 * RngSeedManager::GetNextStreamIndex(), which in ns-3 3.37 counts up from 0 for the life of
 * the process and cannot be reset (ns-3 3.4x resets it in Simulator::Destroy()). So the
 * second run of a scenario in one process gives its ARP request jitter, its TCP initial
 * sequence numbers... other streams than the first run did, and other results than a new
 * vswitch-sim process gives. Against an installed ns-3 (the out-of-tree build defines
 * VSWITCH_INTERPOSE_STREAM_INDEX) this file defines the function itself: libns3-core calls
 * it through its PLT, so the definition in the program (vswitch-sim exports it) or in the
 * Python extension (which comes before libns3-core in the lookup scope of its dlopen)
 * takes the place of ns-3's. It counts from 0 as ns-3's does, and ResetStreamNumbering()
 * starts it again. Whether ns-3's calls really come here is checked once, at the first
 * reset, with a random variable made for the purpose.
 */
#include "runner.h"

#include "ns3/log.h"
#include "ns3/random-variable-stream.h"
#include "ns3/rng-seed-manager.h"

NS_LOG_COMPONENT_DEFINE("VswitchSimRngStreams");

#ifdef VSWITCH_INTERPOSE_STREAM_INDEX

namespace
{
/// The next stream number handed out (replaces ns-3 3.37's static g_nextStreamIndex).
uint64_t g_nextStream = 0;
} // namespace

uint64_t
ns3::RngSeedManager::GetNextStreamIndex()
{
    return g_nextStream++;
}

#endif

namespace vsim
{

bool
ResetStreamNumbering()
{
#ifdef VSWITCH_INTERPOSE_STREAM_INDEX
    // -1: not checked yet; 0: ns-3 does not call the definition above; 1: it does.
    static int interposed = -1;
    if (interposed < 0)
    {
        g_nextStream = 0;
        ns3::Ptr<ns3::UniformRandomVariable> probe =
            ns3::CreateObject<ns3::UniformRandomVariable>();
        interposed = g_nextStream == 1 ? 1 : 0;
        NS_LOG_LOGIC("stream numbering " << (interposed ? "reset per run" : "not resettable"));
    }
    g_nextStream = 0;
    return interposed == 1;
#else
    return false;
#endif
}

} // namespace vsim
