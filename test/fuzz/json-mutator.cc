/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A libFuzzer custom mutator for the scenario targets: half of the mutations are libFuzzer's
 * own (bytes: syntax errors, truncation, odd characters); the other half parse the input as
 * JSON, change one thing in the tree and write it back, so that the result is still a JSON
 * document that often passes the syntax and type checks and reaches the cross-checks and the
 * builder. One change is one of:
 *
 * - a number, string or boolean replaced by a value of the same kind (boundaries, a nearby
 *   number, another string of the same document, so that references to names stay likely);
 * - an element of an array duplicated or removed, a member of an object removed;
 * - a subtree copied over another one.
 */
#include <boost/json.hpp>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

extern "C" size_t LLVMFuzzerMutate(uint8_t* data, size_t size, size_t maxSize);

namespace
{

namespace json = boost::json;

/// Every value of the tree, the root first.
void
Collect(json::value& v, std::vector<json::value*>& out)
{
    out.push_back(&v);
    if (v.is_object())
    {
        for (auto& kv : v.get_object())
        {
            Collect(kv.value(), out);
        }
    }
    else if (v.is_array())
    {
        for (auto& e : v.get_array())
        {
            Collect(e, out);
        }
    }
}

template <typename T>
const T&
Pick(const std::vector<T>& items, std::minstd_rand& rng)
{
    return items[rng() % items.size()];
}

void
MutateNumber(json::value& v, std::minstd_rand& rng)
{
    static const std::vector<int64_t> boundaries = {
        0, 1, -1, 2, 7, 8, 32, 63, 64, 68, 100, 1500, 4094, 4095, 4096, 9000, 9216, 9217,
        65535, 65536, 16777215, 16777216, 4294967295LL, 4294967296LL, INT64_MAX, INT64_MIN};
    if (v.is_double() || rng() % 4 == 0)
    {
        v = rng() % 2 ? json::value(0.5) : json::value(Pick(boundaries, rng));
        return;
    }
    // Near the old value, wrapping around (no signed overflow: that would be UB here).
    uint64_t n = v.is_int64() ? static_cast<uint64_t>(v.get_int64()) : v.get_uint64();
    v = rng() % 2 ? Pick(boundaries, rng) : static_cast<int64_t>(n + rng() % 5 - 2);
}

void
MutateString(json::value& v, const std::vector<json::value*>& nodes, std::minstd_rand& rng)
{
    static const std::vector<std::string> values = {
        "", "0s", "1ms", "1s", "9s", "86400s", "1Gbps", "10Gbps", "0bps", "vmnic0", "vmnic9",
        "vmk0", "Gi0/1", "Po1", "00:50:56:00:00:01", "ff:ff:ff:ff:ff:ff", "10.0.0.1/24",
        "10.0.0.0/24", "10.0.0.255/24", "10.0.0.2", "0.0.0.0", "x", "a/b", "a:b"};
    std::vector<std::string> inDocument;
    for (const json::value* n : nodes)
    {
        if (n->is_string())
        {
            inDocument.emplace_back(n->get_string());
        }
    }
    switch (rng() % 3)
    {
    case 0:
        v = Pick(values, rng);
        break;
    case 1:
        v = Pick(inDocument, rng);
        break;
    default: {
        std::string s(v.get_string());
        s.insert(s.empty() ? 0 : rng() % s.size(), 1, s.empty() ? 'x' : s[rng() % s.size()]);
        v = s;
        break;
    }
    }
}

/// Change one thing in the tree; false when nothing could be changed.
bool
MutateTree(json::value& root, std::minstd_rand& rng)
{
    std::vector<json::value*> nodes;
    Collect(root, nodes);
    json::value& v = *nodes[rng() % nodes.size()];
    if (rng() % 8 == 0)
    {
        json::value copy = *Pick(nodes, rng);
        v = std::move(copy);
        return true;
    }
    if (v.is_number())
    {
        MutateNumber(v, rng);
    }
    else if (v.is_string())
    {
        MutateString(v, nodes, rng);
    }
    else if (v.is_bool())
    {
        v = !v.get_bool();
    }
    else if (v.is_array() && !v.get_array().empty())
    {
        json::array& a = v.get_array();
        std::size_t i = rng() % a.size();
        if (rng() % 2)
        {
            json::value copy = a[i];
            a.push_back(std::move(copy));
        }
        else
        {
            a.erase(a.begin() + i);
        }
    }
    else if (v.is_object() && !v.get_object().empty())
    {
        json::object& o = v.get_object();
        o.erase(o.begin() + rng() % o.size());
    }
    else
    {
        return false;
    }
    return true;
}

} // namespace

extern "C" size_t
LLVMFuzzerCustomMutator(uint8_t* data, size_t size, size_t maxSize, unsigned int seed)
{
    std::minstd_rand rng(seed);
    if (rng() % 2)
    {
        return LLVMFuzzerMutate(data, size, maxSize);
    }
    boost::system::error_code ec;
    json::value root = json::parse(json::string_view(reinterpret_cast<char*>(data), size), ec);
    if (ec || !MutateTree(root, rng))
    {
        return LLVMFuzzerMutate(data, size, maxSize);
    }
    const std::string out = json::serialize(root);
    if (out.size() > maxSize)
    {
        return LLVMFuzzerMutate(data, size, maxSize);
    }
    std::memcpy(data, out.data(), out.size());
    return out.size();
}
