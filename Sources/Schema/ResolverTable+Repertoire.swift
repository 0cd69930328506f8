import Domain
import Services

extension ResolverTable {
    /// The repertoire: its list, its mutations and its types.
    mutating func registerRepertoire() {
        root("Query", "myRepertoire") { arguments, context in
            let page = try context.services.repertoire.repertoire(
                viewer: context.viewer, status: arguments.enumeration("status"), instrument: arguments.enumeration("instrument"),
                order: arguments.enumeration("orderBy") ?? .statusChanged, page: arguments.pageRequest())
            let ids = page.items.map(\.sheetMusicID)
            context.loaders.pieces.prime(ids)
            context.loaders.repertoireHistory.prime(ids)
            return Connection(page: page)
        }
        root("Mutation", "setRepertoireStatus") { arguments, context in
            let input = arguments.object("input") ?? Arguments(.null)
            return try context.services.repertoire.setStatus(
                viewer: context.viewer, clientID: input.string("id"), requestHash: arguments.hash("input"),
                sheetMusicID: input.requiredString("sheetMusicId"), status: input.requiredEnumeration("status"), note: input.string("note"))
        }
        root("Mutation", "setRepertoireLinks") { arguments, context in
            let links = arguments.objects("links").map { ReferenceLink(title: $0.string("title") ?? "", url: $0.string("url") ?? "") }
            return try context.services.repertoire.setLinks(
                viewer: context.viewer, sheetMusicID: arguments.requiredString("sheetMusicId"), links: links)
        }
        root("Mutation", "removeFromRepertoire") { arguments, context in
            let id = try arguments.requiredString("sheetMusicId")
            try context.services.repertoire.remove(viewer: context.viewer, sheetMusicID: id)
            return Deletion(id: id)
        }
        registerConnection("Repertoire", of: RepertoireItem.self)
        field("RepertoireItem", "sheetMusic", of: RepertoireItem.self) { item, _, context in
            try context.loaders.pieces.value(for: item.sheetMusicID)
        }
        field("RepertoireItem", "status", of: RepertoireItem.self) { $0.status.name }
        field("RepertoireItem", "statusChangedAt", of: RepertoireItem.self) { $0.statusChangedAt }
        field("RepertoireItem", "links", of: RepertoireItem.self) { $0.links }
        field("RepertoireItem", "practiceSeconds", of: RepertoireItem.self) { $0.practiceSeconds }
        field("RepertoireItem", "lastPracticedDate", of: RepertoireItem.self) { $0.lastPracticedDay?.description }
        field("RepertoireItem", "history", of: RepertoireItem.self) { item, _, context in
            try context.loaders.repertoireHistory.value(for: item.sheetMusicID) ?? []
        }
        field("RepertoireItem", "addedAt", of: RepertoireItem.self) { $0.createdAt }
        field("RepertoireItem", "updatedAt", of: RepertoireItem.self) { $0.updatedAt }
        field("ReferenceLink", "title", of: ReferenceLink.self) { $0.title }
        field("ReferenceLink", "url", of: ReferenceLink.self) { $0.url }
        field("RepertoireStatusChange", "id", of: RepertoireStatusChange.self) { $0.id }
        field("RepertoireStatusChange", "fromStatus", of: RepertoireStatusChange.self) { $0.fromStatus?.name }
        field("RepertoireStatusChange", "toStatus", of: RepertoireStatusChange.self) { $0.toStatus.name }
        field("RepertoireStatusChange", "note", of: RepertoireStatusChange.self) { $0.note }
        field("RepertoireStatusChange", "changedBy", of: RepertoireStatusChange.self) { change, _, context in
            try change.changedBy ?? context.viewer.userID()
        }
        field("RepertoireStatusChange", "changedAt", of: RepertoireStatusChange.self) { $0.changedAt }
    }
}
