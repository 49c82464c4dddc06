package org.imagerepo.query;

import static org.imagerepo.query.Catalogs.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.Function;
import java.util.List;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;

class MongoTranslatorTest {

    /** Fields are top-level keys named as in the query, except the id and the size's string copy. */
    static final Function<String, MongoField> PATHS = field -> switch (field) {
        case "imgId" -> MongoField.scalar("_id");
        case "size" -> MongoField.scalar("text.size");
        default -> Catalogs.IMAGES.field(field)
                .map(f -> f.multiValued() ? MongoField.array(f.name()) : MongoField.scalar(f.name())).orElse(null);
    };

    private static BsonDocument regex(String path, String pattern) {
        return new BsonDocument(path, new BsonDocument("$regex", new BsonString(pattern))
                .append("$options", new BsonString("is")));
    }

    private static BsonDocument anyElement(String path, String pattern) {
        return new BsonDocument(path, new BsonDocument("$elemMatch", regex(path, pattern).getDocument(path)));
    }

    private static BsonDocument translate(String query) {
        return MongoTranslator.translate(parse(query), PATHS);
    }

    @Test
    void queryWithoutConditionsMatchesEverything() {
        assertEquals(new BsonDocument(), translate("*"));
        assertEquals(new BsonDocument(), translate("name,os"));
    }

    @Test
    void oneConditionIsARegexIgnoringCaseWithDotMatchingNewline() {
        assertEquals(regex("os", "redhat"), translate("* where os=redhat"));
    }

    @Test
    void severalConditionsAreAConjunctionEvenOnTheSameField() {
        assertEquals(new BsonDocument("$and", new BsonArray(List.of(
                        anyElement("tag", "hadoop"), anyElement("tag", "spark"), regex("_id", "ab$")))),
                translate("* where tag=hadoop, tag=spark, imgId=ab$"));
    }

    @Test
    void anAnchoredLiteralPrefixIsAlsoMatchedCaseSensitivelyInEveryCaseSoThatAnIndexCanServeIt() {
        assertEquals(new BsonDocument("$and", new BsonArray(List.of(
                        new BsonDocument("_id", new BsonDocument("$in", new BsonArray(List.of(
                                new BsonRegularExpression("^a\\.b"), new BsonRegularExpression("^a\\.B"),
                                new BsonRegularExpression("^A\\.b"), new BsonRegularExpression("^A\\.B"))))),
                        regex("_id", "^a\\.b\\d")))),
                translate("* where imgId=^a\\.b\\d"));
        BsonArray tags = translate("* where tag=^sk").getArray("$and");
        List<String> variants = tags.get(0).asDocument().getDocument("tag").getArray("$in").stream()
                .map(v -> v.asRegularExpression().getPattern()).toList();
        assertEquals(List.of("^sk", "^sK", "^s\u212A", "^Sk", "^SK", "^S\u212A", "^\u017Fk", "^\u017FK", "^\u017F\u212A"), variants);
        assertEquals(anyElement("tag", "^sk"), tags.get(1));
    }

    @Test
    void fieldsMapToTheCallersPaths() {
        assertEquals(regex("text.size", "12$"),
                MongoTranslator.translate(new Query(List.of(), List.of(new Condition("size", "12$"))), PATHS));
    }

    @Test
    void valuesThatLookLikeOperatorsStayPatterns() {
        BsonDocument filter = translate("* where os=\"\\$where: 'sleep\\(1\\)'\", name=$ne");
        assertEquals("\\$where: 'sleep\\(1\\)'",
                filter.getArray("$and").get(0).asDocument().getDocument("os").getString("$regex").getValue());
        assertEquals("$ne", filter.getArray("$and").get(1).asDocument().getDocument("name").getString("$regex").getValue());
    }

    @Test
    void quotedValuesKeepTheirCommasAndBackslashes() {
        assertEquals("big, \\d{2,3}", translate("* where description=\"big, \\d{2,3}\"")
                .getDocument("description").getString("$regex").getValue());
    }

    @Test
    void arraysMatchOnAnElementOnly() {
        assertEquals(anyElement("tag", ".*"), translate("* where tag=.*"));
    }

    @Test
    void unmappedOrUnsafePathsAreRefused() {
        Query query = parse("* where os=x");
        assertThrows(IllegalArgumentException.class, () -> MongoTranslator.translate(query, field -> null));
        assertThrows(IllegalArgumentException.class, () -> MongoField.scalar("$where"));
        assertThrows(IllegalArgumentException.class, () -> MongoField.array(" "));
    }
}
