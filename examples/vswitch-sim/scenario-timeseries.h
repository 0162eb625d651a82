/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim --plot: per-uplink load and drops by reason over time, as CSV and pictures.
 */
#ifndef VSWITCH_SIM_SCENARIO_TIMESERIES_H
#define VSWITCH_SIM_SCENARIO_TIMESERIES_H

#include "scenario-builder.h"

#include "ns3/drop-reason.h"
#include "ns3/nstime.h"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace vsim
{

/**
 * \brief Samples, every interval of simulated time, what each ESXi uplink sent and received
 *        and what every device dropped, per reason; writes uplink-load.csv and drops.csv and
 *        draws them (uplink-load.png, drops.png) with matplotlib.
 *
 * A sample reads counters only: it adds one event per interval and nothing to any frame's
 * path. Rates are over the interval that ends at the sample's time.
 */
class TimeSeries
{
  public:
    /**
     * \param b the built scenario (its hosts must outlive this object's samples)
     * \param interval the sampling interval (positive)
     */
    TimeSeries(const ScenarioBuilder& b, ns3::Time interval);

    /// Schedule the samples: the first one interval after now, then every interval.
    void Start();

    /// Take a last sample at the current time, when the last one was not at it.
    void Finish();

    /**
     * \brief Write DIR/uplink-load.csv and DIR/drops.csv (each under a temporary name,
     *        renamed into place once whole).
     * \param dir the output folder
     * \param problem set to the file and the reason when one cannot be written
     * \return false when a file cannot be written
     */
    bool WriteCsv(const std::string& dir, std::string& problem) const;

    /**
     * \brief Draw DIR/uplink-load.png and DIR/drops.png from the CSV files with Debian's
     *        python3 and matplotlib.
     * \param dir the output folder (WriteCsv done)
     * \return "" when both were drawn, else why not (python3-matplotlib missing, say)
     */
    static std::string Plot(const std::string& dir);

    /// \return samples taken
    std::size_t GetSampleCount() const;

  private:
    /// One uplink of one switch of one host.
    struct Uplink
    {
        std::string host;    //!< host reference
        std::string vswitch; //!< switch name
        std::string name;    //!< vmnicN
    };

    /// Counters at one time.
    struct Sample
    {
        double time{0};                                      //!< simulated seconds
        std::vector<uint64_t> txBytes;                       //!< per uplink, cumulative
        std::vector<uint64_t> rxBytes;                       //!< per uplink, cumulative
        std::vector<uint64_t> txFrames;                      //!< per uplink, cumulative
        std::vector<uint64_t> rxFrames;                      //!< per uplink, cumulative
        std::array<uint64_t, ns3::kDropReasonCount> drops{}; //!< every device, cumulative
    };

    /// Read the counters now.
    Sample Read() const;
    /// Take a sample and schedule the next.
    void Tick();

    const ScenarioBuilder& m_builder; //!< the scenario
    ns3::Time m_interval;             //!< between samples
    std::vector<Uplink> m_uplinks;    //!< in summary.json's uplinks order
    std::vector<Sample> m_samples;    //!< the first one at Start()
};

} // namespace vsim

#endif
