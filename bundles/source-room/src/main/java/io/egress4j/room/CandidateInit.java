package io.egress4j.room;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The JSON of an RTCIceCandidateInit, as LiveKit's trickle messages carry it. */
record CandidateInit(String candidate, String sdpMid, int sdpMLineIndex) {

    private static final Pattern CANDIDATE = Pattern.compile("\"candidate\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern MID = Pattern.compile("\"sdpMid\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern INDEX = Pattern.compile("\"sdpMLineIndex\"\\s*:\\s*(\\d+)");

    static CandidateInit parse(String json) {
        return new CandidateInit(group(CANDIDATE, json, ""), group(MID, json, ""),
                Integer.parseInt(group(INDEX, json, "0")));
    }

    String json() {
        return "{\"candidate\":\"" + escape(candidate) + "\",\"sdpMid\":\"" + escape(sdpMid)
                + "\",\"sdpMLineIndex\":" + sdpMLineIndex + "}";
    }

    private static String group(Pattern pattern, String json, String fallback) {
        Matcher matcher = pattern.matcher(json);
        return matcher.find() ? matcher.group(1).replace("\\\"", "\"").replace("\\\\", "\\") : fallback;
    }

    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
