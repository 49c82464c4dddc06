package org.imagerepo.events;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import java.time.Instant;
import java.util.UUID;

/**
 * Every event the services exchange over Kafka. This module is the only copy of the contract.
 *
 * <p>Each event carries its own id (consumers de-duplicate on it: delivery is at least once), the time
 * it happened, the acting user and the key of the entity it is about. The key is also the Kafka record
 * key, so the events of one image (or one user) stay in order on one partition.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = ImageRegistered.class, name = "ImageRegistered"),
        @JsonSubTypes.Type(value = ImageUpdated.class, name = "ImageUpdated"),
        @JsonSubTypes.Type(value = ImageDeleted.class, name = "ImageDeleted"),
        @JsonSubTypes.Type(value = BlobStored.class, name = "BlobStored"),
        @JsonSubTypes.Type(value = BlobFailed.class, name = "BlobFailed"),
        @JsonSubTypes.Type(value = ImageAccessed.class, name = "ImageAccessed"),
        @JsonSubTypes.Type(value = UserRegistered.class, name = "UserRegistered"),
        @JsonSubTypes.Type(value = UserUpdated.class, name = "UserUpdated"),
        @JsonSubTypes.Type(value = UserRemoved.class, name = "UserRemoved"),
        @JsonSubTypes.Type(value = UsageChanged.class, name = "UsageChanged"),
        @JsonSubTypes.Type(value = BlobRemoved.class, name = "BlobRemoved"),
        @JsonSubTypes.Type(value = UserNotified.class, name = "UserNotified"),
        @JsonSubTypes.Type(value = ImageStaged.class, name = "ImageStaged"),
        @JsonSubTypes.Type(value = ImageStagingFailed.class, name = "ImageStagingFailed"),
        @JsonSubTypes.Type(value = StagedCopyRemoved.class, name = "StagedCopyRemoved"),
        @JsonSubTypes.Type(value = ImageGenerationRequested.class, name = "ImageGenerationRequested"),
})
public sealed interface RepositoryEvent
        permits ImageRegistered, ImageUpdated, ImageDeleted, BlobStored, BlobFailed, ImageAccessed,
                UserRegistered, UserUpdated, UserRemoved, UsageChanged, BlobRemoved, UserNotified,
                ImageStaged, ImageStagingFailed, StagedCopyRemoved, ImageGenerationRequested {

    UUID eventId();

    Instant occurredAt();

    /** The user (or service) whose action caused the event. */
    String actor();

    /** The id of the entity the event is about, used as the Kafka record key. */
    @JsonIgnore
    String key();

    /**
     * The topic this kind of event travels on, one of {@link Topics#ALL}. Each event type states its own, so that
     * the compiler asks a new type for its topic rather than letting it default to one.
     */
    @JsonIgnore
    String topic();
}
