package org.nabla.serve.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RequestTest {
    @Test
    void cleanPathsAreCutIntoDecodedSegments() {
        assertThat(Request.segments("/")).isEmpty();
        assertThat(Request.segments("/api/runs/a%20b")).containsExactly("api", "runs", "a b");
        assertThat(Request.segments("/run/x/")).containsExactly("run", "x");
        assertThat(Request.segments("/run/a+b")).containsExactly("run", "a+b");
    }

    @Test
    void traversalInAnyEncodingMakesThePathInvalid() {
        for (String raw : List.of("/..", "/runs/../etc", "/%2e%2e/etc/passwd", "/%2E%2E", "/runs/.%2e/x", "/runs/..%2fetc",
                "/runs/a%2Fb", "/runs/a%5cb", "/runs/a\\b", "//etc/passwd", "/runs//x", "/runs/%00", "/runs/.", "/x/%zz", "relative"))
            assertThat(Request.segments(raw)).as(raw).isNull();
    }

    @Test
    void formsKeepTheFirstValueOfEachName() {
        assertThat(Request.form("a=1&b=x%2Cy&a=2&c")).containsEntry("a", "1").containsEntry("b", "x,y").containsEntry("c", "");
        assertThat(Request.form("bad=%zz")).doesNotContainKey("bad");
        assertThat(Request.form(null)).isEmpty();
    }
}
