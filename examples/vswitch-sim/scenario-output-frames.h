/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim: the "frames" block of summary.json (frame accounting per device).
 */
#ifndef VSWITCH_SIM_SCENARIO_OUTPUT_FRAMES_H
#define VSWITCH_SIM_SCENARIO_OUTPUT_FRAMES_H

#include <boost/json.hpp>

#include <cstdint>
#include <optional>

namespace vsim
{

/**
 * \brief The summary's "frames" block: whether every device's ledgers balance, the
 *        labels of those that do not, the total, and one row per ledger that took a frame
 *        in (FrameAccounting::Collect, in its order).
 * \param onlyRank the ledgers of this MPI rank's nodes only (each row gets its node's id as
 *        "_node", for merging); none: every node's
 * \return the block
 */
boost::json::object FramesSummary(std::optional<uint32_t> onlyRank = std::nullopt);

} // namespace vsim

#endif /* VSWITCH_SIM_SCENARIO_OUTPUT_FRAMES_H */
