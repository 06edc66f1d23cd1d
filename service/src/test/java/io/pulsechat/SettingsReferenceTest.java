package io.pulsechat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.DataSize;
import io.dropwizard.util.DataSizeUnit;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDataSize;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDataSize;
import io.dropwizard.validation.MinDuration;
import io.dropwizard.validation.OneOf;
import io.dropwizard.validation.ValidationMethod;
import io.pulsechat.server.ChatServerFactory;
import io.pulsechat.testing.Services;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/settings.md is checked against the configuration classes: one row per setting of ours, with the
 * default and the bounds the classes have; every cross-rule listed; and every setting bounded.
 * (Dropwizard's own blocks, `database`, `logging`, `metrics` and the rest of `server`, are Dropwizard's
 * documentation's.)
 */
class SettingsReferenceTest {
    /** A setting as the classes have it: its path in chat.yml, default and bounds, rendered as the table shows them. */
    record Setting(String path, String defaultValue, String bounds, Field field) {}

    @Test
    void everySettingIsDocumentedOnceWithItsDefaultAndBounds() throws Exception {
        Map<String, Setting> settings = settings();
        Map<String, List<String>> rows = documentedRows();

        assertThat(rows.keySet()).as("rows of docs/settings.md that are no setting").isSubsetOf(settings.keySet());
        assertThat(settings.keySet()).as("settings missing from docs/settings.md").isSubsetOf(rows.keySet());
        List<String> wrong = new ArrayList<>();
        settings.values().forEach(s -> {
            List<String> row = rows.get(s.path());
            if (!row.get(1).equals(s.defaultValue()) || !row.get(2).equals(s.bounds())) {
                wrong.add("| `" + s.path() + "` | " + s.defaultValue() + " | " + s.bounds() + " | (documented: "
                        + row.get(1) + " | " + row.get(2) + ")");
            }
        });
        assertThat(wrong).as("rows whose default or bounds differ from the classes (as they should read)").isEmpty();
    }

    @Test
    void everyCrossRuleIsDocumentedAndNamesItsSettings() throws Exception {
        String doc = Files.readString(Services.ROOT.resolve("docs/settings.md"));
        Map<String, Setting> settings = settings();
        for (String message : crossRules()) {
            assertThat(doc).as("docs/settings.md lists the cross-rule").contains(message);
            String first = message.split(" ")[0];
            assertThat(settings).as("the rule's message starts with the setting it refuses: " + message).containsKey(first);
        }
    }

    @Test
    void everyDurationNumberAndSizeIsBoundedAndEveryWordIsOneOfAList() throws Exception {
        List<String> unbounded = settings().values().stream().filter(s -> {
            Field f = s.field();
            Class<?> type = f.getType();
            if (type == Duration.class) {
                return f.getAnnotation(MinDuration.class) == null || f.getAnnotation(MaxDuration.class) == null;
            }
            if (type == DataSize.class) {
                return f.getAnnotation(MinDataSize.class) == null || f.getAnnotation(MaxDataSize.class) == null;
            }
            if (type == int.class || type == short.class || type == long.class) {
                return f.getAnnotation(Min.class) == null;
            }
            return false;
        }).map(Setting::path).toList();

        assertThat(unbounded).as("settings without bounds").isEmpty();
    }

    private static Map<String, List<String>> documentedRows() throws IOException {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Services.ROOT.resolve("docs/settings.md"))) {
            if (!line.startsWith("| `")) {
                continue;
            }
            List<String> cells = List.of(line.substring(1, line.length() - 1).split(" \\| ", -1)).stream()
                    .map(String::trim).toList();
            String path = cells.get(0).replace("`", "");
            assertThat(rows.put(path, cells)).as("documented twice: " + path).isNull();
        }
        return rows;
    }

    static Map<String, Setting> settings() throws Exception {
        Map<String, Setting> settings = new LinkedHashMap<>();
        collect("", new ChatConfiguration(), settings);
        collect("server.", new ChatServerFactory(), settings);
        return settings;
    }

    private static void collect(String prefix, Object bean, Map<String, Setting> into) throws IllegalAccessException {
        for (Class<?> type = bean.getClass(); type.getName().startsWith("io.pulsechat"); type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                JsonProperty property = field.getAnnotation(JsonProperty.class);
                if (property == null || Modifier.isStatic(field.getModifiers()) || field.getName().equals("database")) {
                    continue;
                }
                field.setAccessible(true);
                String name = property.value().isEmpty() ? field.getName() : property.value();
                Object value = field.get(bean);
                if (value != null && value.getClass().getName().startsWith("io.pulsechat") && !value.getClass().isEnum()) {
                    collect(prefix + name + ".", value, into);
                } else {
                    into.put(prefix + name, new Setting(prefix + name, render(value), bounds(field), field));
                }
            }
        }
    }

    private static List<String> crossRules() {
        List<String> messages = new ArrayList<>();
        for (Class<?> type : List.of(ChatConfiguration.class, ChatServerFactory.class)) {
            crossRules(type, messages);
        }
        return messages;
    }

    private static void crossRules(Class<?> type, List<String> into) {
        for (Method method : type.getDeclaredMethods()) {
            ValidationMethod rule = method.getAnnotation(ValidationMethod.class);
            if (rule != null) {
                into.add(rule.message());
            }
        }
        for (Field field : type.getDeclaredFields()) {
            if (field.getType().getName().startsWith("io.pulsechat") && !field.getType().isEnum()) {
                crossRules(field.getType(), into);
            }
        }
        for (Class<?> nested : type.getDeclaredClasses()) {
            crossRules(nested, into);
        }
    }

    static String render(Object value) {
        if (value == null) {
            return "none";
        }
        if (value instanceof Duration d) {
            return duration(d.getQuantity(), d.getUnit());
        }
        if (value instanceof DataSize size) {
            return size(size.getQuantity(), size.getUnit());
        }
        if (value instanceof Collection<?> list) {
            return list.isEmpty() ? "empty" : list.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
        if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? "empty" : map.toString();
        }
        if (value instanceof Enum<?> constant) {
            // As chat.yml may write it: Dropwizard reads enums without regard to case, `-` for `_`.
            return constant.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
        if (value instanceof String text && text.isEmpty()) {
            return "empty";
        }
        return String.valueOf(value);
    }

    private static String duration(long quantity, TimeUnit unit) {
        return quantity + switch (unit) {
            case NANOSECONDS -> "ns";
            case MICROSECONDS -> "us";
            case MILLISECONDS -> "ms";
            case SECONDS -> "s";
            case MINUTES -> "m";
            case HOURS -> "h";
            case DAYS -> "d";
        };
    }

    private static String size(long quantity, DataSizeUnit unit) {
        return quantity + switch (unit) {
            case BYTES -> "B";
            case KIBIBYTES -> "KiB";
            case MEBIBYTES -> "MiB";
            case GIBIBYTES -> "GiB";
            default -> " " + unit.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    static String bounds(Field field) {
        List<String> parts = new ArrayList<>();
        Min min = field.getAnnotation(Min.class);
        Max max = field.getAnnotation(Max.class);
        if (min != null || max != null) {
            parts.add(min == null ? "<= " + String.format("%,d", max.value())
                    : max == null ? ">= " + String.format("%,d", min.value())
                    : String.format("%,d", min.value()) + "-" + String.format("%,d", max.value()));
        }
        MinDuration minDuration = field.getAnnotation(MinDuration.class);
        MaxDuration maxDuration = field.getAnnotation(MaxDuration.class);
        if (minDuration != null || maxDuration != null) {
            parts.add((minDuration == null ? "" : duration(minDuration.value(), minDuration.unit())) + "-"
                    + (maxDuration == null ? "" : duration(maxDuration.value(), maxDuration.unit())));
        }
        MinDataSize minSize = field.getAnnotation(MinDataSize.class);
        MaxDataSize maxSize = field.getAnnotation(MaxDataSize.class);
        if (minSize != null || maxSize != null) {
            parts.add((minSize == null ? "" : size(minSize.value(), minSize.unit())) + "-"
                    + (maxSize == null ? "" : size(maxSize.value(), maxSize.unit())));
        }
        OneOf oneOf = field.getAnnotation(OneOf.class);
        if (oneOf != null) {
            parts.add("one of " + String.join(", ", oneOf.value()));
        }
        Pattern pattern = field.getAnnotation(Pattern.class);
        if (pattern != null) {
            parts.add("one of " + pattern.regexp().replace("|", ", "));
        }
        if (field.getType().isEnum()) {
            parts.add("one of " + java.util.Arrays.stream(field.getType().getEnumConstants()).map(SettingsReferenceTest::render)
                    .collect(Collectors.joining(", ")));
        }
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }
}
