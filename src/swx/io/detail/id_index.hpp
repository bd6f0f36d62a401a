#pragma once
/// @file id_index.hpp
/// id -> position of the elements of one layer (substations, buses, ...), for references and the
/// duplicate-id check of the readers. Open addressing over 32-byte slots (32 bits of hash, 32 bits of
/// position, the id's length and first 23 bytes): a lookup of a short id touches one slot, not the
/// (much larger) element it names; longer ids are compared in one contiguous copy of every id.

#ifndef SWX_IO_INTERNAL
#error "swx/io/detail/id_index.hpp is internal to swx::io"
#endif

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace swx::io::detail {

class IdIndex {
public:
    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

    explicit IdIndex(std::size_t expected = 0) {
        grow(expected);
        m_offsets.reserve(expected + 1);
        m_offsets.push_back(0);
    }

    /// The number of ids added; the next one added gets this position.
    [[nodiscard]] std::size_t size() const { return m_offsets.size() - 1; }

    /// Adds `id` at position size(); false (and nothing added) when the id is already in.
    bool insert(std::string_view id) {
        if (size() >= 0xfffffffeU) {
            throw std::length_error("IdIndex: more than 2^32 - 2 ids");
        }
        if (2 * (size() + 1) > m_slots.size()) {
            grow(size() + 1);
        }
        const std::uint32_t h = hash(id);
        for (std::size_t i = h & m_mask;; i = (i + 1) & m_mask) {
            Slot& slot = m_slots[i];
            if (slot.position == 0) {
                slot.hash = h;
                slot.position = static_cast<std::uint32_t>(size() + 1);
                slot.length = static_cast<std::uint8_t>(std::min<std::size_t>(id.size(), 255));
                std::memcpy(slot.head, id.data(), std::min(id.size(), sizeof slot.head));
                m_ids.append(id);
                m_offsets.push_back(m_ids.size());
                return true;
            }
            if (matches(slot, h, id)) {
                return false;
            }
        }
    }

    /// The position of `id`, or npos.
    [[nodiscard]] std::size_t find(std::string_view id) const {
        const std::uint32_t h = hash(id);
        for (std::size_t i = h & m_mask;; i = (i + 1) & m_mask) {
            const Slot& slot = m_slots[i];
            if (slot.position == 0) {
                return npos;
            }
            if (matches(slot, h, id)) {
                return slot.position - 1;
            }
        }
    }

private:
    /// One cache-friendly slot: an id of up to 23 bytes is compared here without touching m_ids.
    struct Slot {
        std::uint32_t hash = 0;
        std::uint32_t position = 0;  ///< 1 + position; 0 = empty
        std::uint8_t length = 0;     ///< the id's length (255: 255 or more)
        char head[23] = {};          ///< its first bytes
    };

    static std::uint32_t hash(std::string_view id) {
        const std::size_t h = std::hash<std::string_view>{}(id);
        return static_cast<std::uint32_t>(h ^ (h >> 32U));
    }

    [[nodiscard]] bool matches(const Slot& slot, std::uint32_t h, std::string_view id) const {
        if (slot.hash != h || slot.length != std::min<std::size_t>(id.size(), 255)) {
            return false;
        }
        if (id.size() <= sizeof slot.head) {
            return std::memcmp(slot.head, id.data(), id.size()) == 0;
        }
        const std::size_t p = slot.position - 1;
        return std::string_view(m_ids).substr(m_offsets[p], m_offsets[p + 1] - m_offsets[p]) == id;
    }

    /// Room for `n` ids at a load of at most 1/2.
    void grow(std::size_t n) {
        std::size_t capacity = 16;
        while (capacity < 2 * n) {
            capacity *= 2;
        }
        if (capacity <= m_slots.size()) {
            return;
        }
        std::vector<Slot> old = std::move(m_slots);
        m_slots.assign(capacity, Slot{});
        m_mask = capacity - 1;
        for (const Slot& slot : old) {
            if (slot.position != 0) {
                std::size_t i = slot.hash & m_mask;
                while (m_slots[i].position != 0) {
                    i = (i + 1) & m_mask;
                }
                m_slots[i] = slot;
            }
        }
    }

    std::vector<Slot> m_slots;
    std::size_t m_mask = 0;
    std::string m_ids;                   ///< every id, one after the other (for ids longer than Slot::head)
    std::vector<std::size_t> m_offsets;  ///< id i is m_ids[m_offsets[i], m_offsets[i + 1])
};

}  // namespace swx::io::detail
