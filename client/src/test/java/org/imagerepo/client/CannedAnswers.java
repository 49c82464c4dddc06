package org.imagerepo.client;

/** Whole answers of the API, every field there, for tests to can (through {@link CannedApi}) and vary. */
public final class CannedAnswers {

    /** Image img-1 as the API shows it, pending. */
    public static final String IMAGE = """
            {"imgId":"img-1","name":"u22","owner":"alice","os":"ubuntu","description":null,"tag":["hadoop","mpi"],
             "vmType":"kvm","imgType":"machine","permission":"private","imgStatus":"pending","statusReason":null,
             "imgURI":null,"createdDate":"2024-05-01T10:15:30Z","lastAccess":null,"accessCount":0,"size":null,
             "sha256":null,"md5":null,"arch":"x86_64","diskFormat":"qcow2","locations":[],"sharedUsers":[],
             "sharedGroups":[]}""";
    /** User erin's record. */
    public static final String USER = """
            {"username":"erin","role":"user","status":"activated","quota":524288000,"usedBytes":0,"reservedBytes":0,
             "imageCount":0,"createdAt":"2026-11-30T09:00:00Z","lastSignIn":null}""";

    private CannedAnswers() {
    }

    /** {@link #IMAGE} with {@code field} set to the JSON {@code value}. */
    public static String image(String field, String value) {
        return with(IMAGE, field, value);
    }

    /** {@link #USER} with {@code field} set to the JSON {@code value}. */
    public static String user(String field, String value) {
        return with(USER, field, value);
    }

    /** {@code json} with its member {@code field} (a string, number, null or array of strings) set to {@code value}. */
    public static String with(String json, String field, String value) {
        String changed = json.replaceFirst("\"" + field + "\":(\\[[^]]*]|\"[^\"]*\"|[^,}\\s]+)",
                java.util.regex.Matcher.quoteReplacement("\"" + field + "\":" + value));
        if (changed.equals(json) && !json.contains("\"" + field + "\":" + value)) {
            throw new IllegalArgumentException("no member " + field + " in " + json);
        }
        return changed;
    }
}
