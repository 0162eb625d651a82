/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: the "frames" block of summary.json (frame accounting per device).
 */
#ifndef VSWITCH_SIM_SCENARIO_OUTPUT_FRAMES_H
#define VSWITCH_SIM_SCENARIO_OUTPUT_FRAMES_H

#include <boost/json.hpp>

namespace vsim
{

/**
 * \brief The summary's "frames" block: whether every device's ledgers balance, the
 *        labels of those that do not, the total, and one row per ledger that took a frame
 *        in (FrameAccounting::Collect, in its order).
 * \return the block
 */
boost::json::object FramesSummary();

} // namespace vsim

#endif /* VSWITCH_SIM_SCENARIO_OUTPUT_FRAMES_H */
