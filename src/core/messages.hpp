#pragma once
// The zh-CN message catalogue: every user-facing error text is looked up here by key, never written in a
// handler.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace minsheng::messages {

// The text for `key`; an unknown key yields the generic error text (and is caught by messages_test).
std::string_view text(std::string_view key);
bool has(std::string_view key);

// The label of an input field ("username" -> "用户名"); unknown fields are shown by their own name.
std::string field_label(std::string_view field);

// Replaces {name} placeholders in the catalogue text of `key`.
std::string format(std::string_view key,
                   std::initializer_list<std::pair<std::string_view, std::string>> args);

// A field error text: the catalogue text of `key` with {field} set to the field's label.
std::string for_field(std::string_view key, std::string_view field,
                      std::initializer_list<std::pair<std::string_view, std::string>> args = {});

}  // namespace minsheng::messages
