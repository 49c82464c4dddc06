package org.imagerepo.query;

import static org.imagerepo.query.Catalogs.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QueryTextTest {

    @Test
    void starRendersAsStar() {
        assertEquals("*", QueryText.render(Query.ALL));
    }

    @Test
    void paperExamplesRenderInCanonicalSpacing() {
        assertEquals("* where os=redhat, tag=hadoop", QueryText.render(parse("*   WHERE os = redhat,tag=hadoop")));
        assertEquals("name, os where vmType=kvm", QueryText.render(parse("NAME,OS where VMTYPE=kvm")));
        assertEquals("name, os", QueryText.render(parse("name ,os")));
    }

    @Test
    void valuesThatWouldNotReadBackBareAreQuotedAndEscaped() {
        Query query = new Query(List.of(), List.of(
                new Condition("description", "big, fast"),
                new Condition("name", "a=b"),
                new Condition("os", " padded "),
                new Condition("tag", "say \"hi\" \\d")));
        assertEquals("* where description=\"big, fast\", name=\"a=b\", os=\" padded \", tag=\"say \\\"hi\\\" \\\\d\"",
                QueryText.render(query));
    }

    @Test
    void regexValuesWithoutDelimitersStayBare() {
        assertEquals("* where name=^img-\\d+\\.(raw|qcow2)$",
                QueryText.render(parse("* where name=^img-\\d+\\.(raw|qcow2)$")));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "*",
            "",
            "name",
            "imgURI, size, name where os=redhat",
            "* where os=redhat, tag=hadoop",
            "* where description=\"big, fast\", name=\"x=y\"",
            "* where description=\"  spaced  \"",
            "* where description=\"quote \\\" and backslash \\\\\\\\ \"",
            "* where name=\"\\d{2,5}\", tag=[a-z]+",
            "* where description=café ☕ 😀",
            "* where name=x'; DROP TABLE images; --",
    })
    void renderedTextParsesBackToTheSameQuery(String text) {
        Query query = parse(text);
        assertEquals(query, parse(QueryText.render(query)));
    }
}
