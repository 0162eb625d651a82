/*
 * SPDX-License-Identifier: GPL-2.0-only
 */
#include "sim-run.h"

#include "test-util.h"

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace vswitchtest
{

pid_t
StartSim(const std::vector<std::string>& args,
         const std::filesystem::path& cwd,
         const std::vector<std::string>& env)
{
    pid_t pid = fork();
    if (pid == 0)
    {
        if (chdir(cwd.c_str()) != 0)
        {
            _exit(127);
        }
        int o = open("stdout.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        int e = open("stderr.txt", O_WRONLY | O_CREAT | O_TRUNC, 0644);
        dup2(o, 1);
        dup2(e, 2);
        for (const auto& kv : env)
        {
            putenv(strdup(kv.c_str()));
        }
        std::string bin = VSWITCH_SIM_BINARY;
        std::vector<std::string> copy = args;
        std::vector<char*> argv{bin.data()};
        for (auto& a : copy)
        {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        execv(bin.c_str(), argv.data());
        _exit(127);
    }
    return pid;
}

SimRun
WaitSim(pid_t pid, const std::filesystem::path& cwd, int timeoutSeconds)
{
    SimRun r;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeoutSeconds);
    int wstatus = 0;
    while (waitpid(pid, &wstatus, WNOHANG) != pid)
    {
        if (std::chrono::steady_clock::now() > deadline)
        {
            kill(pid, SIGKILL);
            waitpid(pid, &wstatus, 0);
            r.timedOut = true;
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (!r.timedOut && WIFEXITED(wstatus))
    {
        r.exited = true;
        r.status = WEXITSTATUS(wstatus);
    }
    else if (WIFSIGNALED(wstatus))
    {
        r.signal = WTERMSIG(wstatus);
    }
    r.out = Slurp((cwd / "stdout.txt").string());
    r.err = Slurp((cwd / "stderr.txt").string());
    return r;
}

SimRun
RunSim(const std::vector<std::string>& args,
       const std::filesystem::path& cwd,
       const std::vector<std::string>& env,
       int timeoutSeconds)
{
    return WaitSim(StartSim(args, cwd, env), cwd, timeoutSeconds);
}

} // namespace vswitchtest
