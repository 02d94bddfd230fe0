package dev.gpuportal.ui.charts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** ECharts options for the portal's charts, built as plain maps and written as JSON. Pure. */
public final class ChartOptions {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ChartOptions() {}

    /** A named line over time; {@code yAxis} 0 (left) or 1 (right); {@code dashed} for limits such as a quota. */
    public record Line(String name, List<Instant> at, List<Double> values, int yAxis, boolean dashed) {

        /** A dashed level across the whole window, such as a quota. */
        public static Line limit(String name, double value, Instant from, Instant to) {
            return new Line(name, List.of(from, to), List.of(value, value), 0, true);
        }
    }

    /**
     * Lines over time from {@code from} to {@code to} with one or two value axes; the time axis spans that window
     * whatever samples there are (a window's first sample alone must not stretch it around itself).
     */
    public static String lines(List<Line> lines, Instant from, Instant to, String leftAxis, String rightAxis) {
        List<Object> series = new ArrayList<>();
        for (Line line : lines) {
            List<List<Object>> data = new ArrayList<>();
            for (int i = 0; i < line.at().size(); i++) {
                data.add(List.of(line.at().get(i).toEpochMilli(), line.values().get(i)));
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("name", line.name());
            s.put("type", "line");
            // a line of one or two samples is invisible without its dots; a limit spans the window as a line
            s.put("showSymbol", data.size() < 3 && !line.dashed());
            s.put("yAxisIndex", line.yAxis());
            s.put("data", data);
            if (line.dashed()) {
                s.put("lineStyle", Map.of("type", "dashed"));
            }
            series.add(s);
        }
        List<Object> yAxes = new ArrayList<>();
        yAxes.add(Map.of("type", "value", "name", leftAxis, "min", 0));
        if (rightAxis != null) {
            yAxes.add(Map.of("type", "value", "name", rightAxis, "min", 0));
        }
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("animation", false);
        option.put("tooltip", Map.of("trigger", "axis"));
        option.put("legend", Map.of("top", 0));
        option.put("grid", Map.of("left", 50, "right", rightAxis == null ? 20 : 60, "top", 40, "bottom", 30));
        option.put("xAxis", Map.of("type", "time", "min", from.toEpochMilli(), "max", to.toEpochMilli()));
        option.put("yAxis", yAxes);
        option.put("series", series);
        return JSON.writeValueAsString(option);
    }

    /** Stacked bars: one stack per category (e.g. day), one series per name (e.g. tenant). */
    public static String stackedBars(List<String> categories, Map<String, List<Double>> seriesByName, String axis) {
        List<Object> series = new ArrayList<>();
        seriesByName.forEach(
                (name, values) -> series.add(Map.of("name", name, "type", "bar", "stack", "total", "data", values)));
        Map<String, Object> option = new LinkedHashMap<>();
        option.put("animation", false);
        option.put("tooltip", Map.of("trigger", "axis"));
        option.put("legend", Map.of("top", 0));
        option.put("grid", Map.of("left", 50, "right", 20, "top", 40, "bottom", 30));
        option.put("xAxis", Map.of("type", "category", "data", categories));
        option.put("yAxis", Map.of("type", "value", "name", axis, "min", 0));
        option.put("series", series);
        return JSON.writeValueAsString(option);
    }
}
