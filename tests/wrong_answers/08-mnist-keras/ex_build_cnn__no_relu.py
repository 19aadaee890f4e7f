# 합성곱에 활성화 함수를 빠뜨림: 선형 합성곱 / the convolutions have no activation (linear)
def build_cnn(num_filters=(16, 32), dropout_rate=0.5, num_classes=10):
    model = keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        layers.Conv2D(num_filters[0], 3),
        layers.MaxPooling2D(2),
        layers.Conv2D(num_filters[1], 3),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dropout(dropout_rate),
        layers.Dense(num_classes, activation="softmax"),
    ])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model
