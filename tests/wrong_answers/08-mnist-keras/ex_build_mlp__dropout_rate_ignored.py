# 드롭아웃 비율을 0.5로 고정 / the dropout rate fixed at 0.5
def build_mlp(hidden_units=128, dropout_rate=0.2, num_classes=10):
    model = keras.Sequential([
        keras.Input(shape=(28, 28)),
        layers.Flatten(),
        layers.Dense(hidden_units, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
