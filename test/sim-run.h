/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * Tests that run the vswitch-sim program: start it in a folder, wait for it, read what it
 * printed.
 */
#ifndef VSWITCH_TEST_SIM_RUN_H
#define VSWITCH_TEST_SIM_RUN_H

#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace vswitchtest
{

/// How a run of vswitch-sim ended.
struct SimRun
{
    bool exited{false};   //!< exited normally (not killed by a signal or the timeout)
    int status{-1};       //!< exit status
    int signal{0};        //!< signal that ended it
    bool timedOut{false}; //!< killed after the timeout
    std::string out;      //!< stdout
    std::string err;      //!< stderr
};

/**
 * \brief Start vswitch-sim (VSWITCH_SIM_BINARY) in a folder, its stdout and stderr going to
 *        stdout.txt and stderr.txt there.
 * \param args its arguments
 * \param cwd the folder
 * \param env "NAME=value" entries added to its environment
 * \return its process id
 */
pid_t StartSim(const std::vector<std::string>& args,
               const std::filesystem::path& cwd,
               const std::vector<std::string>& env = {});

/// Wait for a started run (killed after timeoutSeconds) and read what it printed.
SimRun WaitSim(pid_t pid, const std::filesystem::path& cwd, int timeoutSeconds = 120);

/// StartSim, then WaitSim.
SimRun RunSim(const std::vector<std::string>& args,
              const std::filesystem::path& cwd,
              const std::vector<std::string>& env = {},
              int timeoutSeconds = 120);

} // namespace vswitchtest

#endif /* VSWITCH_TEST_SIM_RUN_H */
