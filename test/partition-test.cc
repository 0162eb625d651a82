/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * vswitch-sim --mpi's partition (examples/vswitch-sim/partition.h), without MPI: which rank
 * simulates each switch, router and host of a scenario ("rank" keys, or by leaf), the cables
 * between ranks, and every scenario that cannot be distributed, refused with its reason.
 */
#include "test-util.h"

#include <gtest/gtest.h>

#ifdef VSWITCH_SIM_BINARY

#include "partition.h"
#include "scenario.h"

#include <boost/json.hpp>
#include <functional>
#include <string>
#include <vector>

namespace
{

namespace json = boost::json;
using vsim::Partition;
using vsim::Scenario;

/// A scenario loaded from JSON (the test fails when the loader finds an error).
Scenario
Load(const json::object& o)
{
    Scenario s;
    std::vector<std::string> errors = vsim::LoadScenario(json::serialize(o), "dc.json", s);
    EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors.front());
    return s;
}

/// One of the project's example scenarios, changed by `edit` before it is loaded.
Scenario
Example(const std::string& name, const std::function<void(json::object&)>& edit = {})
{
    json::object o =
        json::parse(vswitchtest::Slurp(std::string(VSWITCH_SOURCE_DIR) + "/examples/scenarios/" +
                                       name + ".json"))
            .as_object();
    if (edit)
    {
        edit(o);
    }
    return Load(o);
}

/// The element of array `key` named `name`.
json::object&
Named(json::object& o, const char* key, const std::string& name)
{
    for (auto& v : o.at(key).as_array())
    {
        if (v.as_object().at("name").as_string() == name.c_str())
        {
            return v.as_object();
        }
    }
    ADD_FAILURE() << "no " << key << " named " << name;
    static json::object none;
    return none;
}

/**
 * A leaf-spine fabric: leaf i (leaf1, leaf2, ...) has hostsPerLeaf[i] ESXi hosts with one
 * NIC each and a trunk to every spine (spine1, ...); hosts are named esxNN in order.
 */
json::object
Fabric(const std::vector<int>& hostsPerLeaf, int spines)
{
    json::array switches;
    json::array hosts;
    json::array links;
    auto trunk = [](const std::string& name) {
        return json::object{{"name", name}, {"mode", "trunk"}, {"vlans", json::array{100}}};
    };
    for (int s = 1; s <= spines; ++s)
    {
        json::array ports;
        for (std::size_t l = 1; l <= hostsPerLeaf.size(); ++l)
        {
            ports.push_back(trunk("Te1/" + std::to_string(l)));
        }
        switches.push_back(
            json::object{{"name", "spine" + std::to_string(s)}, {"ports", std::move(ports)}});
    }
    int host = 0;
    for (std::size_t l = 1; l <= hostsPerLeaf.size(); ++l)
    {
        std::string leaf = "leaf" + std::to_string(l);
        json::array ports;
        for (int h = 1; h <= hostsPerLeaf[l - 1]; ++h)
        {
            std::string port = "Gi0/" + std::to_string(h);
            ports.push_back(trunk(port));
            char name[16];
            std::snprintf(name, sizeof(name), "esx%02d", ++host);
            hosts.push_back(json::object{{"name", name}, {"nics", json::array{"vmnic0"}}});
            links.push_back(json::object{{"a", std::string(name) + ":vmnic0"},
                                         {"b", leaf + ":" + port}});
        }
        for (int s = 1; s <= spines; ++s)
        {
            std::string up = "Te0/" + std::to_string(s);
            ports.push_back(trunk(up));
            links.push_back(json::object{
                {"a", leaf + ":" + up},
                {"b", "spine" + std::to_string(s) + ":Te1/" + std::to_string(l)}});
        }
        switches.push_back(json::object{{"name", leaf}, {"ports", std::move(ports)}});
    }
    return json::object{{"name", "fabric"},
                        {"stopTime", "1s"},
                        {"switches", std::move(switches)},
                        {"hosts", std::move(hosts)},
                        {"links", std::move(links)}};
}

/// The partition of `s` on `ranks` ranks, which must be accepted.
struct Accepted
{
    Accepted(const Scenario& s, uint32_t ranks)
        : p(s, ranks, errors)
    {
        EXPECT_TRUE(errors.empty()) << (errors.empty() ? "" : errors.front());
    }

    std::vector<std::string> errors; //!< what the partition refused (nothing)
    Partition p;                     //!< the partition
};

/// The errors a partition of `s` on `ranks` ranks gives.
std::vector<std::string>
Refusals(const Scenario& s, uint32_t ranks)
{
    std::vector<std::string> errors;
    Partition p(s, ranks, errors);
    return errors;
}

/// Whether exactly one error contains every one of `parts`.
::testing::AssertionResult
RefusedOnce(const std::vector<std::string>& errors, const std::vector<std::string>& parts)
{
    std::size_t found = 0;
    for (const auto& e : errors)
    {
        bool all = true;
        for (const auto& part : parts)
        {
            all = all && e.find(part) != std::string::npos;
        }
        found += all;
    }
    if (found == 1)
    {
        return ::testing::AssertionSuccess();
    }
    auto r = ::testing::AssertionFailure() << found << " errors contain every part; errors:";
    for (const auto& e : errors)
    {
        r << "\n  " << e;
    }
    return r;
}

TEST(Partition, ByLeaf_LeavesGoToRanksInFileOrderInBlocksOfAboutEqualHostCounts)
{
    // 6 + 2 + 2 + 2 hosts on 2 ranks: the first leaf alone is half of them.
    Accepted a(Load(Fabric({6, 2, 2, 2}, 2)), 2);
    EXPECT_EQ(a.p.SwitchRank("leaf1"), 0U);
    EXPECT_EQ(a.p.SwitchRank("leaf2"), 1U);
    EXPECT_EQ(a.p.SwitchRank("leaf3"), 1U);
    EXPECT_EQ(a.p.SwitchRank("leaf4"), 1U);
    // Equal leaves on 2 ranks: two and two, in file order.
    Accepted b(Load(Fabric({3, 3, 3, 3}, 2)), 2);
    EXPECT_EQ(b.p.SwitchRank("leaf1"), 0U);
    EXPECT_EQ(b.p.SwitchRank("leaf2"), 0U);
    EXPECT_EQ(b.p.SwitchRank("leaf3"), 1U);
    EXPECT_EQ(b.p.SwitchRank("leaf4"), 1U);
    // One rank has it all.
    Accepted one(Load(Fabric({3, 3, 3, 3}, 2)), 1);
    EXPECT_EQ(one.p.SwitchRank("leaf4"), 0U);
    EXPECT_EQ(one.p.CablesBetweenRanks(), 0U);
}

TEST(Partition, ByLeaf_SpinesGoRoundRobinAndHostsWithTheSwitchOfTheirFirstNic)
{
    Accepted a(Load(Fabric({2, 2, 2, 2}, 3)), 2);
    EXPECT_EQ(a.p.SwitchRank("spine1"), 0U);
    EXPECT_EQ(a.p.SwitchRank("spine2"), 1U);
    EXPECT_EQ(a.p.SwitchRank("spine3"), 0U);
    for (const auto& [host, leaf] : std::vector<std::pair<std::string, std::string>>{
             {"esx01", "leaf1"}, {"esx04", "leaf2"}, {"esx05", "leaf3"}, {"esx08", "leaf4"}})
    {
        EXPECT_EQ(a.p.HostRank(host), a.p.SwitchRank(leaf)) << host;
    }
    EXPECT_TRUE(a.p.IsSwitch("leaf1"));
    EXPECT_FALSE(a.p.IsSwitch("esx01"));
}

TEST(Partition, CablesBetweenRanks_AreTheLinksWhoseEndsAreOnTwoRanks)
{
    // Leaves 1-2 on rank 0, 3-4 on rank 1, spine1 on 0, spine2 on 1: each leaf has one of
    // its two spine trunks to the other rank; host cables stay on their leaf's rank.
    Accepted a(Load(Fabric({2, 2, 2, 2}, 2)), 2);
    EXPECT_EQ(a.p.CablesBetweenRanks(), 4U);
    // Four ranks: every leaf on its own, spines on 0 and 1: 8 trunks, 2 of them inside a rank.
    Accepted b(Load(Fabric({2, 2, 2, 2}, 2)), 4);
    EXPECT_EQ(b.p.CablesBetweenRanks(), 6U);
}

TEST(Partition, RankKey_PinsASwitchOrAHostAndTheHostsOfAPinnedLeafFollowIt)
{
    json::object o = Fabric({2, 2, 2, 2}, 2);
    Named(o, "switches", "leaf1")["rank"] = 3;
    Named(o, "hosts", "esx02")["rank"] = 2;
    Named(o, "switches", "spine2")["rank"] = 0;
    Accepted a(Load(o), 4);
    EXPECT_EQ(a.p.SwitchRank("leaf1"), 3U);
    EXPECT_EQ(a.p.HostRank("esx01"), 3U);
    EXPECT_EQ(a.p.HostRank("esx02"), 2U);
    EXPECT_EQ(a.p.SwitchRank("spine2"), 0U);
    // A nested host runs with its top-level host.
    EXPECT_EQ(a.p.HostRank("esx02/nested1"), 2U);
}

TEST(Partition, Router_RunsOnTheRankOfItsFirstSwitchAndTakesItsOtherSwitchesAlong)
{
    // routed-underlay: router r1 joins pswitch1 and pswitch2; esxi01 is under pswitch2.
    Accepted a(Example("routed-underlay",
                       [](json::object& o) { Named(o, "switches", "pswitch1")["rank"] = 1; }),
               2);
    EXPECT_EQ(a.p.RouterRank("r1"), 1U);
    EXPECT_EQ(a.p.SwitchRank("pswitch2"), 1U);
    EXPECT_EQ(a.p.HostRank("esxi01"), 1U);
    EXPECT_EQ(a.p.CablesBetweenRanks(), 0U);
}

TEST(Partition, Refused_ARankOfThisManyRanksOrMore)
{
    auto errors = Refusals(Example("seed0-reverse-teaming",
                                   [](json::object& o) { Named(o, "hosts", "esxi02")["rank"] = 2; }),
                           2);
    EXPECT_TRUE(RefusedOnce(errors, {"hosts[1].rank",
                                     "2 is not a rank of this run, which has 2",
                                     "mpirun -np 3"}));
    errors = Refusals(Example("seed0-reverse-teaming",
                              [](json::object& o) { Named(o, "switches", "pswitch1")["rank"] = 4; }),
                      4);
    EXPECT_TRUE(RefusedOnce(errors, {"switches[0].rank", "which has 4 (0 to 3"}));
    EXPECT_TRUE(Refusals(Example("seed0-reverse-teaming",
                                 [](json::object& o) { Named(o, "hosts", "esxi02")["rank"] = 2; }),
                         3)
                    .empty());
}

TEST(Partition, Refused_ARouterOnSwitchesOfTwoRanks)
{
    auto errors = Refusals(Example("routed-underlay",
                                   [](json::object& o) {
                                       Named(o, "switches", "pswitch1")["rank"] = 0;
                                       Named(o, "switches", "pswitch2")["rank"] = 1;
                                   }),
                           2);
    EXPECT_TRUE(RefusedOnce(errors, {"routers[0].interfaces[1]", "router r1 joins pswitch1 (rank 0) "
                                     "and pswitch2 (rank 1)", "a router runs on one rank"}));
}

TEST(Partition, Refused_AVmotionBetweenRanks)
{
    auto errors = Refusals(Example("seed1-nested-vmotion",
                                   [](json::object& o) { Named(o, "hosts", "esxi02")["rank"] = 1; }),
                           2);
    EXPECT_TRUE(RefusedOnce(errors, {"events[", "from esxi01 (rank 0) to esxi02 (rank 1)",
                                     "a VM cannot move between ranks"}));
    // Both hosts on one rank: accepted.
    EXPECT_TRUE(Refusals(Example("seed1-nested-vmotion",
                                 [](json::object& o) {
                                     Named(o, "hosts", "esxi01")["rank"] = 1;
                                     Named(o, "hosts", "esxi02")["rank"] = 1;
                                 }),
                         2)
                    .empty());
}

TEST(Partition, Refused_NsxHostsOnTwoRanks)
{
    auto errors = Refusals(Example("seed2-logical-switch",
                                   [](json::object& o) { Named(o, "hosts", "esxi02")["rank"] = 1; }),
                           2);
    EXPECT_TRUE(RefusedOnce(errors, {"nsx", "the VTEP hosts are on 2 ranks",
                                     "all NSX hosts must be on one rank"}));
}

TEST(Partition, Refused_ConsoleCapturesOfHostsOnTwoRanks)
{
    auto consoleOnBoth = [](json::object& o) {
        Named(o, "hosts", "esxi02")["rank"] = 1;
        o["captures"] = json::array{json::object{{"host", "esxi01"}, {"pktcap", "--uplink vmnic0"}},
                                    json::object{{"host", "esxi02"}, {"pktcap", "--uplink vmnic0"}}};
    };
    auto errors = Refusals(Example("seed0-reverse-teaming", consoleOnBoth), 2);
    EXPECT_TRUE(RefusedOnce(errors, {"captures", "console captures", "on 2 ranks",
                                     "give these captures an \"output\" file"}));
    // With a file for one of them, only one rank writes captures.txt.
    auto oneFile = [&](json::object& o) {
        consoleOnBoth(o);
        o["captures"].as_array()[1].as_object()["output"] = "esxi02.pcap";
    };
    EXPECT_TRUE(Refusals(Example("seed0-reverse-teaming", oneFile), 2).empty());
}

TEST(Partition, Refused_AJumboMtuOrNoDelayOnACableBetweenRanks)
{
    json::object o = Fabric({2, 2}, 1);
    // Leaf 1 on rank 0, leaf 2 and the spine on rank 1: leaf1's trunk crosses.
    Named(o, "switches", "spine1")["rank"] = 1;
    auto& links = o.at("links").as_array();
    json::object& crossing = links[2].as_object(); // leaf1:Te0/1 - spine1:Te1/1
    ASSERT_EQ(crossing.at("a").as_string(), "leaf1:Te0/1");
    crossing["mtu"] = 1801;
    crossing["delay"] = "0s";
    json::object& inside = links[5].as_object(); // leaf2:Te0/1 - spine1:Te1/2, rank 1 both
    ASSERT_EQ(inside.at("a").as_string(), "leaf2:Te0/1");
    inside["mtu"] = 9000;
    inside["delay"] = "0s";
    auto errors = Refusals(Load(o), 2);
    EXPECT_EQ(errors.size(), 2U);
    EXPECT_TRUE(RefusedOnce(errors, {"links[2].mtu", "MTU 1801 on the cable between leaf1:Te0/1 "
                                     "(rank 0) and spine1:Te1/1 (rank 1)", "at most 1800"}));
    EXPECT_TRUE(RefusedOnce(errors, {"links[2].delay", "0s on the cable between leaf1:Te0/1",
                                     "needs one above 0"}));
    // At the limit, and with a delay, the cable may cross.
    crossing["mtu"] = 1800;
    crossing["delay"] = "1us";
    EXPECT_TRUE(Refusals(Load(o), 2).empty());
}

TEST(Partition, Refused_TapsAndTheRealTimeScheduler)
{
    auto realtime = Example("seed0-reverse-teaming", [](json::object& o) {
        o["realtime"] = json::object{{"synchronization", "best-effort"}};
    });
    EXPECT_TRUE(RefusedOnce(Refusals(realtime, 2),
                            {"realtime", "the real-time scheduler is not supported with --mpi"}));
}

TEST(Partition, Describe_NamesEachRanksSwitchesAndCountsItsHosts)
{
    Accepted a(Load(Fabric({2, 2, 2, 2}, 2)), 2);
    std::vector<std::string> want{"rank 0: 3 switches (spine1, leaf1, leaf2), 4 hosts",
                                  "rank 1: 3 switches (spine2, leaf3, leaf4), 4 hosts"};
    EXPECT_EQ(a.p.Describe(), want);
}

} // namespace

#endif // VSWITCH_SIM_BINARY
